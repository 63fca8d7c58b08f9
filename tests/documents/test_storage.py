"""Document storage: atomic writes, linked copies that stay independent, keys kept inside."""

from __future__ import annotations

from pathlib import Path

import pytest

from documents.storage import FileStorage
from engine.errors import NotFound


def test_a_linked_copy_shares_the_content_and_survives_deleting_the_original(
    tmp_path: Path,
) -> None:
    store = FileStorage(tmp_path / "store")
    store.put("1/case-a/doc.pdf", b"%PDF letter")
    store.link("1/case-a/doc.pdf", "1/case-b/copy.pdf")
    assert store.get("1/case-b/copy.pdf") == b"%PDF letter"
    original, copy = (store.root / k for k in ("1/case-a/doc.pdf", "1/case-b/copy.pdf"))
    assert original.stat().st_ino == copy.stat().st_ino  # no second copy of the bytes

    store.delete("1/case-a/doc.pdf")
    assert not store.exists("1/case-a/doc.pdf")
    assert store.get("1/case-b/copy.pdf") == b"%PDF letter"


def test_deleting_a_copy_or_rewriting_it_leaves_the_original_alone(tmp_path: Path) -> None:
    store = FileStorage(tmp_path / "store")
    store.put("1/a.pdf", b"original")
    store.link("1/a.pdf", "1/b.pdf")
    store.link("1/a.pdf", "1/c.pdf")
    store.put("1/b.pdf", b"rewritten")  # a new file under the name, never in place
    store.delete("1/c.pdf")
    assert (store.get("1/a.pdf"), store.get("1/b.pdf")) == (b"original", b"rewritten")
    assert not store.exists("1/c.pdf")


def test_across_file_systems_the_link_is_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(source: Path, target: Path) -> None:
        raise OSError(18, "Invalid cross-device link")

    store = FileStorage(tmp_path / "store")
    store.put("1/a.pdf", b"original")
    monkeypatch.setattr("documents.storage.os.link", cross_device)
    store.link("1/a.pdf", "1/b.pdf")
    store.delete("1/a.pdf")
    assert store.get("1/b.pdf") == b"original"


def test_linking_missing_content_or_outside_the_root_is_refused(tmp_path: Path) -> None:
    store = FileStorage(tmp_path / "store")
    with pytest.raises(NotFound):
        store.link("1/gone.pdf", "1/b.pdf")
    store.put("1/a.pdf", b"original")
    with pytest.raises(ValueError, match="escapes"):
        store.link("1/a.pdf", "../outside.pdf")
    assert not (tmp_path / "outside.pdf").exists() and not store.exists("1/b.pdf")
