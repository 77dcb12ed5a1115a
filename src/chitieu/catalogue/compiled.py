"""Compiled artefacts of the catalogue, kept on disk between runs.

Parsing the catalogue's CSV and building its linking index take a few tens of
milliseconds each, as much as extracting a short report; both results are written once
to ``<cache_dir>/catalogue/`` (``CHITIEU_CACHE_DIR``, by default ``$XDG_CACHE_HOME/chitieu``
or ``~/.cache/chitieu``) under a digest of what they are derived from, and read back by
later runs. A file under another digest is never read, so an edited catalogue is built
anew (the newest few of each kind are kept, older ones deleted); a folder that cannot be written leaves the artefacts in memory only. Nothing here
is ever needed: deleting the folder only costs the next run the building.
"""

from __future__ import annotations

from pathlib import Path

from chitieu.atomic import write_atomic

__all__ = ["KEEP", "artefact_path", "read_artefact", "write_artefact"]

KEEP = 8  # artefacts of one kind kept, the newest


def _root() -> Path | None:
    from chitieu.settings import get_settings

    folder = get_settings().cache_dir
    return folder / "catalogue" if folder is not None else None


def artefact_path(kind: str, digest: str) -> Path | None:
    """Where the artefact ``kind`` derived from what ``digest`` names is kept (None: no cache)."""
    root = _root()
    return root / f"{kind}-{digest}.bin" if root is not None else None


def read_artefact(kind: str, digest: str) -> bytes | None:
    """The bytes written for (``kind``, ``digest``), or None when there are none."""
    path = artefact_path(kind, digest)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_artefact(kind: str, digest: str, data: bytes) -> bool:
    """Keep ``data`` for (``kind``, ``digest``): written whole or not at all (another process
    reading meanwhile sees the old file or none); False when the folder cannot be written."""
    path = artefact_path(kind, digest)
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, [data])
    except OSError:
        return False
    _prune(path.parent, kind)
    return True


def _prune(folder: Path, kind: str) -> None:
    """Keep the newest KEEP artefacts of ``kind`` (each edit of a province's catalogue makes one)."""
    try:
        files = sorted(
            folder.glob(f"{kind}-*.bin"), key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True
        )
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first
