"""`quizkit preview`: handout pages with the check's findings on top, rebuilt on change with --watch."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from quizkit.cli import main
from tests.conftest import ROOT

QUESTION = """\
title: Ferry fares
questions:
  - id: fuel
    type: true_false
    prompt: {prompt}
    answer: true
    evidence:
      - source: ferry
        quote: {quote}
    explanation: She blames fuel costs.
"""
ARTICLE = 'Councillor Priya Anand said the rise was "unavoidable" after fuel costs doubled.\n'


def _bank(
    tmp_path: Path, prompt: str = "The councillor gives a reason.", quote: str = "after fuel costs doubled"
) -> Path:
    bank = tmp_path / "ferry-bank"
    (bank / "sources").mkdir(parents=True)
    (bank / "sources" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (bank / "bank.yaml").write_text(QUESTION.format(prompt=prompt, quote=quote), encoding="utf-8")
    return bank


def test_preview_writes_the_handouts_with_a_reload_and_the_findings(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(bank), "-o", str(out)])
    assert result.exit_code == 0, result.output
    student, key = out / "ferry-bank.html", out / "ferry-bank-key.html"
    assert result.output == f"{student.as_uri()}\n{key.as_uri()}\nbuilt: 0 errors, 0 warnings\n"
    page = student.read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "The councillor gives a reason." in page
    assert "0 errors, 0 warnings. This page reloads itself every 2 seconds." in page
    assert "She blames fuel costs." in key.read_text(encoding="utf-8")


def test_real_handouts_do_not_reload_themselves(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    result = CliRunner().invoke(main, ["export", str(bank), "--format", "html", "-o", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    for page in (tmp_path / "x").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "http-equiv" not in html and "preview-diagnostics" not in html


def test_a_bank_with_errors_gets_a_page_listing_them(tmp_path: Path) -> None:
    bank = _bank(tmp_path, quote="after fuel prices tripled")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(bank), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("built: 1 error, 0 warnings\n")
    for name, part in (("ferry-bank.html", "student copy"), ("ferry-bank-key.html", "answer key")):
        page = (out / name).read_text(encoding="utf-8")
        assert (
            f"{bank}/bank.yaml:9:16: error[quote-not-found]: quote not found in source &#39;ferry&#39;"
            in page
        )
        assert f"The {part} appears here once the errors above are fixed." in page
        assert '<meta http-equiv="refresh" content="2">' in page
        assert "The councillor gives a reason." not in page


def test_watch_rebuilds_when_the_bank_changes_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    out = tmp_path / "out"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "quizkit", "preview", str(bank), "-o", str(out), "--watch"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert watcher.stdout is not None
        lines = [watcher.stdout.readline() for _ in range(4)]
        assert lines[2:] == [
            "built: 0 errors, 0 warnings\n",
            "watching bank.yaml and sources/ for changes; Ctrl-C to stop\n",
        ]
        page = out / "ferry-bank.html"
        time.sleep(0.5)  # let the watcher start
        (bank / "bank.yaml").write_text(
            QUESTION.format(prompt="Does she say why fares rise?", quote="after fuel costs doubled"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 15
        while "Does she say why fares rise?" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the preview was not rebuilt within 15 seconds"
            time.sleep(0.2)
        (bank / "sources" / "ferry.txt").write_text(
            "Someone said something else entirely.\n", encoding="utf-8"
        )
        while "quote-not-found" not in page.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the preview was not rebuilt after a source changed"
            time.sleep(0.2)
        watcher.send_signal(signal.SIGINT)
        stdout, stderr = watcher.communicate(timeout=15)
        assert watcher.returncode == 0, stderr
        assert stderr == ""
        assert stdout.endswith("stopped watching\n")
        assert "built: 1 error, 0 warnings\n" in stdout
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()


def test_a_new_bank_with_no_questions_yet_gets_a_page_saying_so(tmp_path: Path) -> None:
    bank = tmp_path / "ferry-bank"
    (bank / "sources").mkdir(parents=True)
    (bank / "sources" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (bank / "bank.yaml").write_text("title: Ferry fares\nquestions:\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(bank), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("built: 0 errors, 1 warning\n")
    page = (out / "ferry-bank.html").read_text(encoding="utf-8")
    assert "warning[empty-bank]: the bank has no questions yet" in page
    assert "The student copy appears here once the bank has a question." in page
