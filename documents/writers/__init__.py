"""One writer per file format, all drawing from ``documents.model.Letter``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WriteOptions:
    created_at: datetime
    author: str = ""
    watermark: str | None = None
    password: str | None = None  # PDF only: AES-256 encryption (then no PDF/A)
