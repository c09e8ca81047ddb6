"""`play` starts from a checked bank kept in the cache, and only while the bank is unchanged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BANKS, ROOT
from tests.test_play import ALL_RIGHT

ANSWERS = "".join(f"{a}\n" for a in ALL_RIGHT)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    copy = tmp_path / "small"
    shutil.copytree(BANKS / "small", copy)
    return copy


def play(bank: Path, tmp_path: Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`quizkit play` with piped answers; -X importtime shows on stderr which modules it loaded."""
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(cache or tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-X", "importtime", "-m", "quizkit", "play", str(bank), "--no-shuffle"]
    command += ["--name", "Ana", "--results", str(tmp_path / "r.sqlite3")]
    return subprocess.run(
        command,
        input=ANSWERS,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def checked(run: subprocess.CompletedProcess[str]) -> bool:
    """Whether the run checked the bank itself (it imported the evidence checker)."""
    return any(line.rstrip().endswith("quizkit.evidence") for line in run.stderr.splitlines())


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "quizkit" / "banks").glob("*.json"))


def test_the_second_play_of_an_unchanged_bank_skips_the_check(bank: Path, tmp_path: Path) -> None:
    first, second = play(bank, tmp_path), play(bank, tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr[-2000:]
    assert checked(first) and not checked(second)
    assert "yaml" not in second.stderr  # the cached path reads no YAML at all
    assert first.stdout.splitlines()[-1] == second.stdout.splitlines()[-1] == "Score: 7/7 (100%)"
    assert len(entries(tmp_path)) == 1


def test_an_edited_source_is_checked_again_and_its_error_stops_play(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    source = bank / "sources" / "b-preview.txt"
    source.write_text(source.read_text().replace("100,000 quality jobs", "90,000 quality jobs"))
    again = play(bank, tmp_path)
    assert checked(again)
    assert again.returncode == 1
    assert "bank.yaml:56:16: error[quote-not-found]" in again.stderr
    assert "where the source has '90,000'" in again.stderr
    assert "Traceback" not in again.stderr


def test_an_edited_bank_file_is_checked_again(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    bank_file = bank / "bank.yaml"
    bank_file.write_text(bank_file.read_text().replace("promising to generate 100,000", "promising 100,000"))
    again = play(bank, tmp_path)
    assert checked(again) and again.returncode == 1
    assert "bank.yaml" in again.stderr


def test_a_new_source_file_is_checked_again(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    shutil.copy(bank / "sources" / "b-preview.txt", bank / "sources" / "c-copy.txt")  # same id
    again = play(bank, tmp_path)
    assert checked(again) and again.returncode == 1
    assert "duplicate-source" in again.stderr


def test_a_damaged_entry_is_checked_again_and_replaced(bank: Path, tmp_path: Path) -> None:
    assert play(bank, tmp_path).returncode == 0
    (entry,) = entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:100])  # the signature survives, the JSON is cut short
    again = play(bank, tmp_path)
    assert again.returncode == 0 and checked(again)
    assert not checked(play(bank, tmp_path))


def test_a_cache_that_cannot_be_written_only_means_checking_every_time(bank: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    for _ in range(2):
        done = play(bank, tmp_path, cache=blocked)
        assert done.returncode == 0 and checked(done), done.stderr[-2000:]


def test_the_cache_keeps_only_the_latest_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizkit import bankcache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(bankcache, "KEEP", 2)
    banks = []
    for name in ("one", "two", "three"):
        banks.append(shutil.copytree(BANKS / "small", tmp_path / name))
        bankcache.checked_bank(banks[-1])
        time.sleep(0.01)  # distinct modification times
    kept = {entry.name for entry in entries(tmp_path)}
    newest = [bankcache._key(b) for b in banks[1:]]
    assert kept == {bankcache._entry_file(k.digest).name for k in newest if k is not None}
    assert len(kept) == 2


def test_export_uses_the_cache_and_refuses_a_bank_edited_since(
    bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizkit.errors import BankError
    from quizkit.exporting import export_bank
    from quizkit.selection import Selection

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    export_bank(bank, ["gift"], tmp_path / "out", Selection(seed=1))
    assert len(entries(tmp_path)) == 1
    source = bank / "sources" / "b-preview.txt"
    source.write_text(source.read_text().replace("100,000 quality jobs", "90,000 quality jobs"))
    with pytest.raises(BankError) as refused:
        export_bank(bank, ["gift"], tmp_path / "again", Selection(seed=1))
    assert "error[quote-not-found]" in refused.value.details
    assert not (tmp_path / "again").exists()


def test_strict_refuses_a_cached_bank_with_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizkit import bankcache
    from quizkit.errors import BankError

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    bank = shutil.copytree(BANKS / "small", tmp_path / "small")
    bank_file = bank / "bank.yaml"  # a quote under three words is only a warning
    bank_file.write_text(
        bank_file.read_text().replace(
            "quote: potential energy sector exports from the U.S.", "quote: energy sector"
        )
    )
    _, warnings = bankcache.checked_bank(bank)
    assert [w.code for w in warnings] == ["quote-too-short"]
    assert bankcache.checked_bank(bank)[1] == warnings  # from the cache
    with pytest.raises(BankError):
        bankcache.checked_bank(bank, strict=True)
