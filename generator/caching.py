"""Files kept in the build cache (site.cache_dir()) that are trusted only when verified.

A cached file is written whole (to a temporary name, then renamed) and then the SHA-256 of its bytes is
recorded beside it (`<name>.sha256`). It is read back only if the record is there and the bytes still match it
(and, for a PDF, the file is complete), so a truncated, edited or half-copied cache entry is made again instead
of being shipped.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

DIGEST_SUFFIX = ".sha256"


def digest_path(path: Path) -> Path:
    return path.with_name(path.name + DIGEST_SUFFIX)


def _write_whole(path: Path, data: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def write_verified(path: Path, data: bytes) -> None:
    """Write data, then its digest: a run killed in between leaves no digest, so the file is made again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(path, data)
    _write_whole(digest_path(path), hashlib.sha256(data).hexdigest().encode("ascii"))


def read_verified(path: Path, complete: Callable[[bytes], bool] = lambda data: True) -> bytes | None:
    """The file's bytes if they match their recorded digest and `complete` accepts them; else None."""
    try:
        data = path.read_bytes()
        recorded = digest_path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if hashlib.sha256(data).hexdigest() != recorded or not complete(data):
        return None
    return data


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_AT = re.compile(rb"xref\b|\d+\s+\d+\s+obj\b")


def is_complete_pdf(data: bytes) -> bool:
    """A PDF with its header, and a trailer whose cross-reference offset points at a cross-reference table or
    stream inside the file: what a truncated or padded file lacks."""
    if not data.startswith(b"%PDF-"):
        return False
    end = _STARTXREF.search(data[-1024:])
    if end is None:
        return False
    offset = int(end.group(1))
    return 0 < offset < len(data) and _XREF_AT.match(data, offset) is not None
