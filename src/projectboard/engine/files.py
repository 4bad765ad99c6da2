"""Reading input files with a size limit, and pausing the garbage collector for bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from projectboard.engine.errors import E_FILE, Location, PlanError


def read_limited(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, or ``E_FILE`` naming the file when it is missing, unreadable
    or larger than ``limit`` (checked before anything is read)."""
    path = Path(path)
    try:
        if path.stat().st_size > limit:
            raise PlanError(
                E_FILE,
                f"file is larger than the {limit // (1024 * 1024)} MiB {what} may be",
                location=Location(str(path)),
            )
        return path.read_bytes()
    except IsADirectoryError:
        raise PlanError(E_FILE, "is a folder, not a file", location=Location(str(path))) from None
    except OSError as exc:
        raise PlanError(
            E_FILE, f"cannot read: {exc.strerror}", location=Location(str(path))
        ) from None


def decode_utf8(data: bytes, path: str | Path, *, bom: bool = False) -> str:
    try:
        return data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError:
        raise PlanError(E_FILE, "is not UTF-8 text", location=Location(str(path))) from None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around bulk work that makes many small objects and
    no reference cycles (parsing, scheduling): it would only rescan the growing heap, which
    costs about 40% of the time on 100,000-task plans. Reference counting still frees all."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
