"""Headless Chromium driven over its DevTools protocol on a pipe, and axe-core run inside it.

Chromium is spoken to over --remote-debugging-pipe, so no browser driver is needed: Debian's
/usr/bin/chromium and tests/node's axe-core are enough. Test modules that audit pages import
`needs_browser` (their skip marks) from here and use the `browser` fixture (tests/conftest.py).
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
from typing import Any, TypeVar

import pytest

from .conftest import ROOT

F = TypeVar("F")

AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

needs_browser = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)"),
    pytest.mark.skipif(
        not AXE.is_file(),
        reason="axe-core not installed: run `npm install --prefix tests/node` (make test does)",
    ),
]


def with_browser(test: F) -> F:
    """The skip marks of `needs_browser`, for one test of a module that has others."""
    for mark in needs_browser:
        test = mark(test)
    return test


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


@contextlib.contextmanager
def open_browser() -> Iterator[Browser]:
    """A headless Chromium with a throwaway profile, closed afterwards."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="quizkit-chromium-") as profile:
        chromium = Browser(CHROMIUM, Path(profile))
        try:
            yield chromium
        finally:
            chromium.close()
