"""PDF export in worker processes: the same bytes as in one process, and failures said plainly."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.cli import main
from quizkit.errors import ExportError
from quizkit.exporters.pdfworkers import ENV_PROCESSES, PdfWorkers, pdf_workers, process_count
from quizkit.exporting import export_bank
from quizkit.selection import Selection
from tests.conftest import BANKS

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked on Linux only"
)


def exported(tmp_path: Path, processes: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv(ENV_PROCESSES, processes)
    out = tmp_path / f"out-{processes}"
    report = export_bank(BANKS / "small", ["pdf"], out, Selection(seed=4), versions=2)
    return {path.name: path.read_bytes() for path in report.paths}


def test_workers_write_the_same_bytes_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, shared = exported(tmp_path, "0", monkeypatch), exported(tmp_path, "2", monkeypatch)
    assert sorted(alone) == [
        "small-A-key.pdf",
        "small-A.pdf",
        "small-B-key.pdf",
        "small-B.pdf",
        "small-sources.pdf",
    ]
    assert alone == shared


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    processors = len(os.sched_getaffinity(0))
    monkeypatch.delenv(ENV_PROCESSES, raising=False)
    assert process_count(1) == 1  # one document still gains: WeasyPrint loads while the bank is checked
    assert process_count(61) == processors
    monkeypatch.setenv(ENV_PROCESSES, "0")
    assert process_count(61) == 0
    monkeypatch.setenv(ENV_PROCESSES, "99")
    assert process_count(3) == min(3, processors)
    monkeypatch.setenv(ENV_PROCESSES, "two")
    with pytest.raises(ExportError, match="QUIZKIT_PDF_PROCESSES must be a whole number, not 'two'"):
        process_count(3)


def test_a_bad_setting_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["export", str(BANKS / "small"), "--format", "pdf", "-o", str(out)], env={ENV_PROCESSES: "-"}
    )
    assert result.exit_code == 1
    assert "QUIZKIT_PDF_PROCESSES must be a whole number, not '-'" in result.output
    assert "Traceback" not in result.output
    assert not list(out.glob("*.pdf"))


def test_a_worker_that_dies_fails_the_export_plainly() -> None:
    workers = PdfWorkers("letter", 1)
    try:
        os.kill(workers.processes[0].pid or 0, signal.SIGKILL)
        workers.processes[0].join()
        with pytest.raises(ExportError, match="a PDF worker process ended unexpectedly; nothing was written"):
            workers.render(["<p>one</p>"])
    finally:
        workers.terminate()


def test_a_document_weasyprint_cannot_render_is_reported() -> None:
    with pdf_workers("letter", 2) as workers:
        assert workers is not None
        pdfs = workers.render(["<p>one</p>", "<p>two</p>", "<p>three</p>"])
        assert [pdf[:5] for pdf in pdfs] == [b"%PDF-"] * 3
        with pytest.raises(ExportError, match="PDF rendering failed: "):
            workers.render([None])  # type: ignore[list-item]  # not HTML: the worker's renderer fails


def test_without_processes_to_be_had_the_export_renders_in_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing.process

    def refuse(self: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    with pdf_workers("letter", 3) as workers:
        assert workers is None
    report = export_bank(BANKS / "small", ["pdf"], tmp_path / "out", Selection(seed=4))
    assert [p.name for p in report.paths] == ["small.pdf", "small-key.pdf", "small-sources.pdf"]


def socket_inodes(pid: int) -> set[str]:
    """The sockets a process holds open, as /proc names them ('socket:[1234]')."""
    held = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            held.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
    return {link for link in held if link.startswith("socket:")}


def test_only_the_export_holds_its_end_of_each_workers_pipe() -> None:
    with pdf_workers("letter", 2) as workers:
        assert workers is not None and len(workers.processes) == 2
        assert [pdf[:5] for pdf in workers.render(["<p>one</p>"])] == [b"%PDF-"]  # both set up
        export_ends = {f"socket:[{os.fstat(c.fileno()).st_ino}]" for c in workers.connections}
        for process in workers.processes:
            assert not socket_inodes(process.pid or 0) & export_ends


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := read_stat(int(entry))) and int(stat[1]) == pid:
            found.append(int(entry))
    return found


def read_stat(pid: int) -> list[str] | None:
    """Fields 3 onwards of /proc/<pid>/stat (state, parent, ...); None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def running(pids: list[int]) -> list[int]:
    """Those of `pids` still running (not ended, not a zombie waiting to be reaped)."""
    return [pid for pid in pids if (stat := read_stat(pid)) and stat[0] not in "ZX"]


def start_export(out: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A PDF export of many documents, once its workers run and its staging folder exists."""
    env = {**os.environ, ENV_PROCESSES: "2", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "quizkit", "export", str(BANKS / "small"), "--format", "pdf"]
    command += ["--versions", "20", "-o", str(out)]
    export = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.glob(".quizkit-*")) or len(children(export.pid)) < 2:
        assert export.poll() is None, "the export ended before it could be stopped"
        assert time.monotonic() < deadline, "the export did not start rendering within 60 s"
        time.sleep(0.01)
    return export, children(export.pid)


def wait_until_ended(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + 5
    while running(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running(pids)


def test_workers_end_with_a_killed_export_and_the_next_export_clears_its_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export, workers = start_export(out, tmp_path)
    try:
        export.kill()  # SIGKILL: the export runs no code of its own after this
        assert export.wait(timeout=10) == -signal.SIGKILL
        assert wait_until_ended(workers) == []
    finally:
        for pid in running(workers):
            os.kill(pid, signal.SIGKILL)
    [left] = out.glob(".quizkit-*")
    report = export_bank(BANKS / "small", ["html"], out, Selection(seed=1))
    assert not left.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in report.paths)


def test_a_terminated_export_ends_its_workers_and_removes_its_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export, workers = start_export(out, tmp_path)
    try:
        export.terminate()  # SIGTERM, as `kill` sends
        assert export.wait(timeout=10) == 128 + signal.SIGTERM
        assert wait_until_ended(workers) == []
    finally:
        for pid in running(workers):
            os.kill(pid, signal.SIGKILL)
    assert list(out.iterdir()) == []


def _deaf_to_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(600)


def test_a_worker_deaf_to_sigterm_is_killed_not_waited_for() -> None:
    """A worker whose SIGTERM comes when it cannot act on it must not hold the export (or a test
    run) for ever: after the grace period it is killed."""
    import multiprocessing

    from quizkit.exporters.pdfworkers import end

    process = multiprocessing.get_context("fork").Process(target=_deaf_to_sigterm, daemon=True)
    process.start()
    time.sleep(0.3)  # let it ignore SIGTERM
    process.terminate()
    started = time.monotonic()
    end(process, grace=0.5)
    assert not process.is_alive()
    assert process.exitcode == -signal.SIGKILL
    assert time.monotonic() - started < 10
