"""Accessibility audit of the HTML handouts: axe-core run inside headless Chromium.

Chromium is driven over its DevTools protocol on a pipe (--remote-debugging-pipe), so no
browser driver is needed: Debian's /usr/bin/chromium and tests/node's axe-core are enough.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizkit.checking import check_bank
from quizkit.exporting import export_bank
from quizkit.selection import Selection

from .conftest import BANKS, ROOT, SHIPPED_BANK

AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)"),
    pytest.mark.skipif(
        not AXE.is_file(),
        reason="axe-core not installed: run `npm install --prefix tests/node` (make test does)",
    ),
]


class Browser:
    """Headless Chromium spoken to in DevTools-protocol messages over a pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        command = (
            f'exec "{executable}" --headless --no-sandbox --disable-gpu --no-first-run '
            "--disable-background-networking --disable-component-update --disable-extensions "
            f'--remote-debugging-pipe --user-data-dir="{profile}" about:blank '
            f"3<&{to_child_r} 4>&{from_child_w}"
        )
        self.process = subprocess.Popen(
            ["bash", "-c", command],
            pass_fds=(to_child_r, from_child_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its reply (events that arrive meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())
        raise TimeoutError(method)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        os.close(self._from_child)

    def axe_violations(self, url: str) -> list[dict[str, Any]]:
        """Open `url` in a new tab, run axe-core on it, and return its violations."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session)
        self.send("Page.navigate", session, url=url)
        self.wait_event("Page.loadEventFired")
        self.send("Runtime.evaluate", session, expression=AXE.read_text(encoding="utf-8"))
        run = (
            "axe.run(document).then(r => JSON.stringify(r.violations.map(v => ({"
            "id: v.id, impact: v.impact, help: v.help, "
            "nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))"
        )
        reply = self.send("Runtime.evaluate", session, expression=run, awaitPromise=True, returnByValue=True)
        self.send("Target.closeTarget", targetId=target)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"axe.run failed: {reply['exceptionDetails']}")
        violations: list[dict[str, Any]] = json.loads(reply["result"]["value"])
        return violations


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="quizkit-chromium-") as profile:
        chromium = Browser(CHROMIUM, Path(profile))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def handout_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The HTML handouts of the shipped bank (where it is complete) and of the small bank."""
    out = tmp_path_factory.mktemp("a11y")
    banks = [BANKS / "small"]
    if (SHIPPED_BANK / "bank.yaml").is_file() and check_bank(SHIPPED_BANK).ok:
        banks.append(SHIPPED_BANK)
    paths: list[Path] = []
    for bank in banks:
        report = export_bank(bank, ["html"], out / bank.name, Selection(seed=3), versions=2, key="both")
        paths.extend(p for p in report.paths if not p.name.startswith(f"{bank.name}-B"))
    return paths


@pytest.mark.parametrize("kind", ["student", "key", "compact", "sources"])
def test_handouts_have_no_axe_violations(browser: Browser, handout_files: list[Path], kind: str) -> None:
    chosen = [p for p in handout_files if _kind(p) == kind]
    assert chosen, f"no {kind} handout was written"
    for path in chosen:
        violations = browser.axe_violations(path.as_uri())
        assert violations == [], f"{path.name}: " + json.dumps(violations, indent=1)


def _kind(path: Path) -> str:
    stem = path.stem
    if stem.endswith("-sources"):
        return "sources"
    if stem.endswith("-key-compact"):
        return "compact"
    return "key" if stem.endswith("-key") else "student"


def test_axe_audit_catches_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    """The audit is real: a page with faint text and no language fails it."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>Broken</h1>"
        '<p style="color:#ccc">faint text</p><img src="x.png"></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in browser.axe_violations(page.as_uri())}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= found
