"""Shared fixtures: paths to fixture banks, golden files, and the shared schemas."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.browser import Browser

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BANKS = TESTS / "banks"
GOLDEN = TESTS / "golden"
SHIPPED_BANK = ROOT / "questions" / "japan-us-summit"
SHARED = ROOT.parent / "shared"
LMS_SCHEMAS = SHARED / "lms-schemas"
UPDATE_GOLDEN = os.environ.get("QUIZKIT_UPDATE_GOLDEN") == "1"
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="quizkit-tests-"))


def pytest_configure(config: pytest.Config) -> None:
    """Keep the runner's own folders out of the tests: quizkit's caches, cache key and stored
    results go to a folder of this session's own (tests that need one of their own set it)."""
    os.environ["XDG_CACHE_HOME"] = str(_SESSION_HOME / "cache")
    os.environ["XDG_DATA_HOME"] = str(_SESSION_HOME / "data")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture
def small_bank() -> Path:
    """A bank with one question of each type and text full of characters to escape."""
    return BANKS / "small"


@pytest.fixture
def golden() -> Callable[[str, str | bytes], None]:
    """Compare output with tests/golden/<name> exactly.

    After an intended change, regenerate with `make golden`
    (QUIZKIT_UPDATE_GOLDEN=1 pytest), then review the diff.
    """

    def compare(name: str, actual: str | bytes) -> None:
        path = GOLDEN / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if UPDATE_GOLDEN:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"no golden file {path.relative_to(ROOT)}; create it with `make golden`")
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8"), f"differs from {path.relative_to(ROOT)}"
        else:
            assert data == expected, f"differs from {path.relative_to(ROOT)}"

    return compare


@pytest.fixture
def lms_schemas() -> Path:
    """The official LMS schemas in ../shared/lms-schemas (skips where absent)."""
    if not LMS_SCHEMAS.is_dir():
        pytest.skip(f"official LMS schemas not found at {LMS_SCHEMAS} (they live in ../shared/)")
    return LMS_SCHEMAS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium for a module's page audits (tests/browser.py; skip with needs_browser)."""
    from tests.browser import open_browser

    with open_browser() as chromium:
        yield chromium
