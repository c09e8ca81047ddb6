"""Whoever can write the cache folder can neither run code nor change a result, nor stop a run."""

from __future__ import annotations

import io
import json
import marshal
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BANKS, ROOT, SHIPPED_BANK
from tests.test_bankcache import ANSWERS, checked, entries, play

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero and O_NOFOLLOW are POSIX")

ALL_RIGHT_SCORE = "Score: 7/7 (100%)"


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return shutil.copytree(BANKS / "small", tmp_path / "small")


class Touch:
    """A pickle that, when loaded, creates a file: proof that loading it ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def test_a_pickle_put_in_an_entry_never_runs(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    (entry,) = entries(tmp_path)
    marker = tmp_path / "code-ran"
    entry.write_bytes(entry.read_bytes()[:32] + pickle.dumps(Touch(marker)))  # the head kept as it was
    again = play(bank, tmp_path)
    assert not marker.exists()
    assert again.returncode == 0 and checked(again)
    assert again.stdout.splitlines()[-1] == ALL_RIGHT_SCORE


def test_an_entry_made_from_other_files_cannot_change_the_key(bank: Path, tmp_path: Path) -> None:
    """The attacker's entry: a real one, of the same bank with its true/false key flipped, put
    under the name and head of the true bank's entry."""
    bank_file = bank / "bank.yaml"
    original = bank_file.read_text()
    bank_file.write_text(original.replace("    answer: true\n", "    answer: false\n"))
    assert play(bank, tmp_path).stdout.splitlines()[-1] == "Score: 6/7 (86%)"  # "t" is now wrong
    (flipped,) = entries(tmp_path)
    forged = flipped.read_bytes()
    flipped.unlink()
    bank_file.write_text(original)
    assert play(bank, tmp_path).returncode == 0
    (entry,) = entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:32] + forged[32:])
    again = play(bank, tmp_path)
    assert again.returncode == 0 and checked(again)
    assert again.stdout.splitlines()[-1] == ALL_RIGHT_SCORE


def _symlink_to_dev_zero(entry: Path) -> None:
    entry.symlink_to("/dev/zero")


def _fifo(entry: Path) -> None:
    os.mkfifo(entry)


def _huge_file(entry: Path) -> None:
    head = entry.read_bytes()[:32]
    entry.unlink()
    with entry.open("wb") as out:
        out.write(head)
        out.truncate(512 * 1024 * 1024)  # sparse: costs no disk, only whoever reads it


def _folder(entry: Path) -> None:
    entry.mkdir()


@pytest.mark.parametrize("plant", [_symlink_to_dev_zero, _fifo, _huge_file, _folder])
def test_an_entry_that_is_not_a_small_regular_file_is_a_miss(
    bank: Path, tmp_path: Path, plant: object
) -> None:
    assert play(bank, tmp_path).returncode == 0
    (entry,) = entries(tmp_path)
    if plant is not _huge_file:
        entry.unlink()
    plant(entry)  # type: ignore[operator]
    again = measured_play(bank, tmp_path)
    assert again.returncode == 0 and checked(again), again.stderr[-2000:]
    assert again.stdout.splitlines()[-1] == ALL_RIGHT_SCORE
    peak_kib = int(again.stderr.rsplit("peak-rss-kib=", 1)[1].split()[0])
    assert peak_kib < 256 * 1024  # the 512 MiB entry was never read


def measured_play(bank: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`quizkit play` as in test_bankcache, printing its peak memory on stderr as it exits."""
    code = (
        "import atexit, resource, sys\n"
        "atexit.register(lambda: print(f'peak-rss-kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}',"
        " file=sys.stderr))\n"
        "from quizkit.cli import main\n"
        "main(prog_name='quizkit')\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-X", "importtime", "-c", code, "play", str(bank), "--no-shuffle"]
    command += ["--name", "Ana", "--results", str(tmp_path / "r.sqlite3")]
    return subprocess.run(
        command, input=ANSWERS, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def forge_compiled_templates(folder: Path, marker: Path) -> int:
    """Replace the compiled code in every cached template with code that creates `marker`,
    keeping the rest (Jinja's header and the template's checksum) as it was."""
    from jinja2.bccache import bc_magic

    code = compile(f"open({str(marker)!r}, 'w').close()", "<forged>", "exec")
    count = 0
    for file in folder.rglob("*.cache"):
        data = file.read_bytes()
        start = data.index(bc_magic) + len(bc_magic)
        stream = io.BytesIO(data[start:])
        pickle.load(stream)  # the template's checksum
        file.write_bytes(data[: start + stream.tell()] + marshal.dumps(code))
        count += 1
    return count


def test_a_compiled_template_put_in_the_cache_never_runs(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    marker = tmp_path / "code-ran"
    assert forge_compiled_templates(tmp_path / "cache" / "quizkit" / "templates", marker) >= 3
    again = play(bank, tmp_path)
    assert not marker.exists()
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.splitlines()[-1] == ALL_RIGHT_SCORE


# --- the entry itself: what is stored is what is read, and nothing else is -----------------


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


@pytest.mark.parametrize("source", [BANKS / "small", SHIPPED_BANK], ids=["small", "shipped"])
def test_a_bank_read_back_from_the_cache_is_the_bank_checked(source: Path, user_folders: Path) -> None:
    from quizkit import bankcache
    from quizkit.checking import require_valid_bank

    bank = shutil.copytree(source, user_folders / source.name)
    bank_file = bank / "bank.yaml"  # a warning to keep too: a quote under three words
    bank_file.write_text(
        bank_file.read_text().replace(
            "quote: potential energy sector exports from the U.S.", "quote: energy sector"
        )
    )
    checked_now = require_valid_bank(bank)
    assert source != BANKS / "small" or [w.code for w in checked_now[1]] == ["quote-too-short"]
    assert bankcache.checked_bank(bank) == checked_now  # checked and kept
    stamp = bankcache._key(bank)
    assert stamp is not None
    assert bankcache._read(stamp) == checked_now


WRONG_SHAPES = {
    "points as text": lambda q: q.update(points="1"),
    "true as a number": lambda q: q.update(points=True),
    "an unknown field": lambda q: q.update(secret="x"),
    "a missing field": lambda q: q.pop("prompt"),
    "an unknown type": lambda q: q.update(type="oracle"),
    "choices as a mapping": lambda q: q.update(choices={"text": "A"}),
    "a skill not in the list": lambda q: q.update(skills=["mind-reading"]),
}


@pytest.mark.parametrize("spoil", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_even_a_signed_entry_is_read_only_as_a_bank(user_folders: Path, spoil: object) -> None:
    """A leaked key still cannot make the cache hand over anything but a well-formed bank."""
    from quizkit import bankcache
    from quizkit.cachefiles import read_signed, write_signed

    bank = shutil.copytree(BANKS / "small", user_folders / "small")
    bankcache.checked_bank(bank)
    stamp = bankcache._key(bank)
    assert stamp is not None
    entry = bankcache._entry_file(stamp.digest)
    payload = read_signed(entry, bankcache._purpose(stamp), bankcache._limit(stamp))
    assert payload is not None
    data = json.loads(payload)
    spoil(data["bank"]["questions"][0])  # type: ignore[operator]
    assert write_signed(entry, bankcache._purpose(stamp), json.dumps(data).encode())
    assert bankcache._read(stamp) is None


def test_the_signing_key_is_the_users_own(user_folders: Path) -> None:
    from quizkit.cachefiles import key_file, read_signed, write_signed

    entry = user_folders / "cache" / "entry"
    assert write_signed(entry, b"test", b"payload")
    assert read_signed(entry, b"test", 100) == b"payload"
    assert read_signed(entry, b"other purpose", 100) is None
    assert read_signed(entry, b"test", 3) is None  # larger than the limit
    key = key_file()
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_bytes()) == 32


def test_an_entry_written_in_pieces_is_signed_as_a_whole_and_never_left_half_written(
    user_folders: Path,
) -> None:
    from quizkit.cachefiles import read_signed, write_signed_pieces

    folder = user_folders / "cache"
    entry = folder / "entry"
    assert write_signed_pieces(entry, b"test", [b"pay", b"", b"load"], limit=7)
    assert read_signed(entry, b"test", 100) == b"payload"
    assert not write_signed_pieces(folder / "big", b"test", [b"pay", b"load"], limit=6)

    def failing() -> Iterator[bytes]:
        yield b"half"
        raise ValueError("cannot encode")

    with pytest.raises(ValueError, match="cannot encode"):
        write_signed_pieces(folder / "broken", b"test", failing(), limit=100)
    assert sorted(p.name for p in folder.iterdir()) == ["entry"]


def test_a_cached_bank_is_the_json_of_the_whole_bank(user_folders: Path) -> None:
    import dataclasses

    from quizkit.bankcache import json_pieces
    from quizkit.checking import require_valid_bank

    bank, warnings = require_valid_bank(SHIPPED_BANK)
    whole = {"bank": bank.model_dump(), "warnings": [dataclasses.asdict(w) for w in warnings]}
    expected = json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert b"".join(json_pieces(bank, warnings)) == expected


def test_a_key_file_others_can_read_or_a_link_is_not_used(
    user_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizkit import cachefiles

    key = cachefiles.key_file()
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * 32)
    key.chmod(0o644)
    assert not cachefiles.write_signed(user_folders / "entry", b"test", b"payload")
    key.unlink()
    (user_folders / "elsewhere").write_bytes(b"k" * 32)
    (user_folders / "elsewhere").chmod(0o600)
    key.symlink_to(user_folders / "elsewhere")
    assert not cachefiles.write_signed(user_folders / "entry", b"test", b"payload")
    assert not (user_folders / "entry").exists()


def test_a_cache_folder_linked_elsewhere_is_neither_written_nor_pruned(
    user_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever can write the cache folder could point it at the user's own files: quizkit then
    writes nothing there, and its pruning never removes a file it did not write."""
    from quizkit import bankcache

    documents = user_folders / "documents"
    documents.mkdir()
    mine = [documents / f"{n:032x}.json" for n in range(3)] + [
        documents / "notes.json",
        documents / "a.pickle",
    ]
    for file in mine:
        file.write_text("{}")
    banks = bankcache.cache_folder("banks")
    banks.parent.mkdir(parents=True)
    banks.symlink_to(documents)
    monkeypatch.setattr(bankcache, "KEEP", 0)
    bank = shutil.copytree(BANKS / "small", user_folders / "small")
    bankcache.checked_bank(bank)
    assert sorted(documents.iterdir()) == sorted(mine)  # nothing added, nothing removed
    banks.unlink()
    bankcache.checked_bank(bank)  # a real folder: kept, then pruned to KEEP = 0
    assert sorted(banks.iterdir()) == []
    assert sorted(documents.iterdir()) == sorted(mine)
