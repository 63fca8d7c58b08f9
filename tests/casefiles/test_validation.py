"""BSN 11-proef and IBAN mod-97."""

from __future__ import annotations

import pytest

from casefiles.validation import is_valid_bsn, is_valid_iban


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", " 111222333 ", "10000021"])
def test_valid_bsn(bsn: str) -> None:
    assert is_valid_bsn(bsn)


INVALID_BSNS = ["123456789", "111222334", "000000000", "12345678a", "1234567890", ""]


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_invalid_bsn(bsn: str) -> None:
    assert not is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "iban",
    ["NL91ABNA0417164300", "nl91 abna 0417 1643 00", "DE89370400440532013000", "BE68539007547034"],
)
def test_valid_iban(iban: str) -> None:
    assert is_valid_iban(iban)


@pytest.mark.parametrize(
    "iban", ["NL91ABNA0417164301", "NL91ABNA041716430", "XX00", "NL12INGB000123456", ""]
)
def test_invalid_iban(iban: str) -> None:
    assert not is_valid_iban(iban)
