"""Files in the user's cache folder that can neither run code nor change a result.

Whoever can write the cache folder (a shared or synced cache, a lax mode, a mounted volume) can
put any bytes there, so nothing read back is trusted for what it says:
- every entry is signed (HMAC-SHA256) with a key of the user's own, kept outside the cache folder,
  beside the results (`cache.key` in the user's data folder, mode 0600); the signature also covers
  what the entry stands for (the digest of the files it was made from), so an entry cannot be
  forged, edited, or moved to stand for other files;
- an entry is read only if it is a small regular file: a symbolic link, a FIFO, a device or a file
  past the size limit is not opened or not read;
- anything unexpected is a miss, and a miss only means doing the work again.
Standard library only (platformdirs aside), so that reading the cache loads nothing heavy.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

KEY_FILE = "cache.key"
KEY_BYTES = 32
SIGNATURE_BYTES = hashlib.sha256().digest_size
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
)

_keys: dict[Path, bytes] = {}


def cache_folder(*parts: str) -> Path:
    """A folder in the user's cache folder (~/.cache/quizkit/<parts> on Linux)."""
    import platformdirs

    return platformdirs.user_cache_path("quizkit").joinpath(*parts)


def key_file() -> Path:
    """The signing key: in the user's data folder, not the cache folder it protects."""
    import platformdirs

    return platformdirs.user_data_path("quizkit") / KEY_FILE


def read_regular(file: Path, limit: int) -> bytes | None:
    """The bytes of `file` if it is a regular file (not a link to one) of at most `limit` bytes."""
    if not hasattr(os, "O_NOFOLLOW") and file.is_symlink():  # Windows: no flag for it
        return None
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError:  # absent, a symbolic link (O_NOFOLLOW), unreadable
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, left = [], limit + 1  # a file that grows while read is still cut at the limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_signed(file: Path, purpose: bytes, limit: int) -> bytes | None:
    """The payload of an entry signed for `purpose`; None when absent, unsigned, tampered with,
    signed for another purpose, not a regular file, or larger than `limit`."""
    key = _signing_key(create=False)
    if key is None:
        return None
    data = read_regular(file, limit + SIGNATURE_BYTES)
    if data is None or len(data) < SIGNATURE_BYTES:
        return None
    signature, payload = data[:SIGNATURE_BYTES], data[SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _sign(key, purpose, payload)):
        return None
    return payload


def write_signed(file: Path, purpose: bytes, payload: bytes) -> bool:
    """Store `payload` signed for `purpose`, atomically (a temporary file renamed into place,
    which replaces a symbolic link rather than following it); False if it could not be, or if
    its folder is a symbolic link or another user's (nothing is written where it points)."""
    return write_signed_pieces(file, purpose, [payload], len(payload))


class _TooLarge(Exception):
    """A payload past its limit: not stored."""


def write_signed_pieces(file: Path, purpose: bytes, pieces: Iterable[bytes], limit: int) -> bool:
    """`write_signed` for a payload made piece by piece and never held whole: the signature's
    place is kept at the start of the file and filled once every piece is written. False if it
    could not be stored or is larger than `limit` bytes; an exception from `pieces` leaves no file."""
    key = _signing_key(create=True)
    if key is None:
        return False
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not own_folder(file.parent):
            return False
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".entry-")
    except OSError:
        return False
    mac = _mac(key, purpose)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(bytes(SIGNATURE_BYTES))
            for piece in pieces:
                size += len(piece)
                if size > limit:
                    raise _TooLarge
                mac.update(piece)
                out.write(piece)
            out.seek(0)
            out.write(mac.digest())
        os.replace(temporary, file)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError | _TooLarge):
            return False
        raise
    return True


def own_folder(folder: Path) -> bool:
    """Whether `folder` is a real folder (not a symbolic link to one) of this user's."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid())


def _mac(key: bytes, purpose: bytes) -> hmac.HMAC:
    return hmac.new(key, len(purpose).to_bytes(4, "big") + purpose, hashlib.sha256)


def _sign(key: bytes, purpose: bytes, payload: bytes) -> bytes:
    mac = _mac(key, purpose)
    mac.update(payload)
    return mac.digest()


def _signing_key(*, create: bool) -> bytes | None:
    """The user's key; made (random, mode 0600) the first time an entry is written. A key file
    that is a link, of the wrong size, or open to other users is not used: no cache then."""
    file = key_file()
    key = _keys.get(file) or _read_key(file)
    if key is None and create:
        _make_key(file)
        key = _read_key(file)
    if key is not None:
        _keys[file] = key
    return key


def _read_key(file: Path) -> bytes | None:
    data = read_regular(file, KEY_BYTES)
    if data is None or len(data) != KEY_BYTES:
        return None
    if hasattr(os, "getuid"):
        try:
            info = file.lstat()
        except OSError:
            return None
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
    return data


def _make_key(file: Path) -> None:
    """Write a new key beside, then link it into place: a key that another run made first is
    kept, and no run ever sees a key half written."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".cache-key-")  # mode 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(os.urandom(KEY_BYTES))
        os.link(temporary, file)
    except FileExistsError:  # another run made it first
        pass
    except OSError:  # no hard links here: create it in place, never over an existing one
        with contextlib.suppress(OSError):
            _write_new(file, os.urandom(KEY_BYTES))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _write_new(file: Path, data: bytes) -> None:
    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
