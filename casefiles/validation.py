"""Identifier checks: BSN (11-proef) and IBAN (ISO 13616 mod-97)."""

from __future__ import annotations

import re

_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "LU": 20, "GB": 22, "ES": 24, "IT": 27}


def is_valid_bsn(value: str) -> bool:
    """Nine digits whose weighted sum (9..2, last digit -1) is divisible by 11 and not 0."""
    digits = value.strip()
    if len(digits) == 8:
        digits = "0" + digits
    if not re.fullmatch(r"\d{9}", digits):
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total != 0 and total % 11 == 0


def normalise_iban(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def is_valid_iban(value: str) -> bool:
    """Country code, check digits and the mod-97 check (result must be 1)."""
    iban = normalise_iban(value)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    rearranged = iban[4:] + iban[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def bsn_check_digit_ok(first_eight: str) -> str | None:
    """The ninth digit that makes ``first_eight`` a valid BSN, or None when none does."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2)
    partial = sum(int(d) * w for d, w in zip(first_eight, weights, strict=True))
    last = partial % 11
    if last > 9:
        return None
    candidate = first_eight + str(last)
    return candidate if is_valid_bsn(candidate) else None
