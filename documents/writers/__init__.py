"""One writer per file format, all drawing from ``documents.model.Letter``."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class WriteOptions:
    created_at: datetime
    author: str = ""
    watermark: str | None = None
    password: str | None = None  # PDF only: AES-256 encryption (then no PDF/A)


def zip_entry(name: str, options: WriteOptions) -> zipfile.ZipInfo:
    """A zip member stamped with the document's creation time, not the clock's: the same
    letter written twice gives the same bytes."""
    info = zipfile.ZipInfo(name, options.created_at.astimezone(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def restamped_zip(data: bytes, options: WriteOptions) -> bytes:
    """``data`` with every member stamped as ``zip_entry`` does (for libraries that write
    their own zip with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(zip_entry(member.filename, options), source.read(member))
    return out.getvalue()
