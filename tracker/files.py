"""Files the tracker writes for its users (database, backups, exports, calendars): readable by their
owner only (0600), whatever the umask — they hold contacts, IČO and the whole register."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create ``path`` empty and private if it does not exist yet (an existing file is left alone)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return
    os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a private file, all at once: a reader never sees half a file."""
    if path.exists() and not path.is_file():  # /dev/stdout, a pipe: written as it is
        path.write_bytes(data)
        return
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
