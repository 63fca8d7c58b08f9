"""Where document content lives: a small interface, the filesystem under the data dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from engine.errors import NotFound


class DocumentStorage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def link(self, source_key: str, target_key: str) -> None: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...


class FileStorage:
    """Files under ``<root>/<key>``, written atomically (a reader never sees half a file)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key {key!r} escapes the storage root")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def link(self, source_key: str, target_key: str) -> None:
        """The same content under a second key without copying it (a hard link; a copy
        across file systems). Contents never change in place (``put`` replaces the file)
        and deleting one key removes only that name, so the two stay independent."""
        source, target = self._path(source_key), self._path(target_key)
        if not source.exists():
            raise NotFound("the content of this document is no longer in storage")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not supported: copy
            self.put(target_key, source.read_bytes())

    def get(self, key: str) -> bytes:
        path = self._path(key)
        if not path.exists():
            raise NotFound("the content of this document is no longer in storage")
        return path.read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


_storage: DocumentStorage | None = None


def get_storage() -> DocumentStorage:
    if _storage is not None:
        return _storage
    from engine.settings import get_settings

    return FileStorage(get_settings().data_dir / "documents")


def install_storage(storage: DocumentStorage | None) -> None:
    """Use another backend (tests, object storage); None restores the default."""
    global _storage
    _storage = storage
