"""Outputs are written to a temporary file beside the target and renamed into place, so a crash
or Ctrl-C never leaves a half-written file, and an input is never overwritten."""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from align.errors import OutputError


def check_output_path(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Refuse an output that is an input, or whose directory is missing or not writable."""
    try:
        return _check_output_path(Path(path), inputs)
    except OSError as err:  # name too long, symlink loop...
        raise OutputError(f"cannot use this output path: {err.strerror or err}", str(path)) from None


def _check_output_path(out: Path, inputs: Iterable[str | os.PathLike]) -> Path:
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.exists():
        raise OutputError("output directory does not exist", str(parent))
    if not parent.is_dir():
        raise OutputError("output directory is not a directory", str(parent))
    if not os.access(parent, os.W_OK):
        raise OutputError("output directory is not writable", str(parent))
    if out.is_dir():
        raise OutputError("output path is a directory", str(out))
    resolved = out.resolve()
    for inp in inputs:
        try:
            if Path(inp).resolve() == resolved:
                raise OutputError("output path is also an input; refusing to overwrite it", str(out))
        except OSError:
            continue
    return out


# OSErrors raised while writing the temporary file that mean "the disk said no", not a bug.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})


def _target_mode(out: Path) -> int:
    try:
        return out.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``path`` only if the block succeeds."""
    out = check_output_path(path, inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent if str(out.parent) else ".")
    except OSError as err:  # os.access can say yes (root, read-only mounts) where creating fails
        raise OutputError(f"cannot write in the output directory: {err.strerror or err}",
                          str(out.parent)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        # mkstemp makes the file 0600; the result should have the mode an ordinary write gives
        # (or keep the mode of the file it replaces).
        os.chmod(tmp_path, _target_mode(out))
        yield tmp_path
        try:
            os.replace(tmp_path, out)
        except OSError as err:
            raise OutputError(f"cannot replace the output file: {err.strerror or err}", str(out)) from None
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}; the previous file "
                              "(if any) is unchanged", str(out)) from None
        raise


def write_text_atomic(path: str | os.PathLike, text: str, inputs: Iterable[str | os.PathLike] = (),
                      encoding: str = "utf-8") -> None:
    with atomic_path(path, inputs) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")


def write_bytes_atomic(path: str | os.PathLike, data: bytes, inputs: Iterable[str | os.PathLike] = ()) -> None:
    with atomic_path(path, inputs) as tmp:
        tmp.write_bytes(data)
