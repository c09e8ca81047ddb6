"""Worker processes for PDF: they load WeasyPrint while the bank is checked, then lay out
handouts side by side, one per processor.

Loading WeasyPrint takes about half a second and laying out a page some 60 ms, both in Python:
one process can do neither faster, but a second one can do them at the same time. Each worker
renders whole documents from their HTML with its own fonts and stylesheet, so a document's
bytes are the same whichever worker made it. Where processes cannot be forked (not Linux, or
QUIZKIT_PDF_PROCESSES=0) the export renders in its own process instead, as before.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from quizkit.errors import ExportError

if TYPE_CHECKING:
    from multiprocessing.context import ForkProcess

ENV_PROCESSES = "QUIZKIT_PDF_PROCESSES"
"""How many worker processes at most (0: none, render in the export's own process)."""
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
WORKER_ENDED = "a PDF worker process ended unexpectedly; nothing was written"


def process_count(documents: int) -> int:
    """Workers for `documents` documents: one per processor at most; 0 where forking is not used."""
    if not sys.platform.startswith("linux"):
        return 0  # fork is Linux's safe default; elsewhere it is not, and spawn re-imports main
    limit = len(os.sched_getaffinity(0))
    wanted = os.environ.get(ENV_PROCESSES, "").strip()
    if wanted:
        try:
            limit = min(limit, max(0, int(wanted)))
        except ValueError:
            raise ExportError(f"{ENV_PROCESSES} must be a whole number, not '{wanted}'") from None
    return min(limit, documents)


class PdfWorkers:
    """Started at once; `render` hands out documents as workers come free; `close` ends them."""

    def __init__(self, paper: str, processes: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.processes: list[ForkProcess] = []
        self.connections: list[Connection] = []
        try:
            for _ in range(processes):
                parent_end, child_end = context.Pipe()
                # The worker closes its copies of the export's ends of every pipe so far, its own
                # included: then the export's end is only in the export, and when the export
                # ends, however it ends, the worker reading its pipe sees the end of it.
                theirs = [*self.connections, parent_end]
                process = context.Process(
                    target=_serve, args=(child_end, paper, os.getpid(), theirs), daemon=True
                )
                process.start()
                child_end.close()
                self.processes.append(process)
                self.connections.append(parent_end)
        except BaseException:
            self.close()
            raise

    def render(self, htmls: Sequence[str]) -> list[bytes]:
        """The PDF of each HTML document, in order."""
        results: list[bytes | None] = [None] * len(htmls)
        pending = iter(enumerate(htmls))
        busy: set[Connection] = set()
        for connection in self.connections:
            if not self._send_next(connection, pending):
                break
            busy.add(connection)
        while busy:
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                index, pdf = self._receive(ready)
                results[index] = pdf
                if not self._send_next(ready, pending):
                    busy.discard(ready)
        done = [pdf for pdf in results if pdf is not None]
        assert len(done) == len(htmls)
        return done

    def _send_next(self, connection: Connection, pending: Iterator[tuple[int, str]]) -> bool:
        job = next(pending, None)
        if job is None:
            return False
        try:
            connection.send(job)
        except OSError:
            raise ExportError(WORKER_ENDED) from None
        return True

    @staticmethod
    def _receive(connection: Connection) -> tuple[int, bytes]:
        try:
            index, pdf, problem = connection.recv()
        except (EOFError, OSError):
            raise ExportError(WORKER_ENDED) from None
        if problem is not None:
            raise ExportError(f"PDF rendering failed: {problem}")
        return index, pdf

    def terminate(self) -> None:
        """End every worker now (the export failed or was stopped)."""
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            end(process)
        for connection in self.connections:
            connection.close()
        self.processes.clear()
        self.connections.clear()

    def close(self) -> None:
        """Ask each worker to stop; end any that does not within a few seconds."""
        for connection in self.connections:
            with suppress(OSError):
                connection.send(None)
            connection.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():  # pragma: no cover - a worker stuck in a layout
                process.terminate()
                end(process)
        self.processes.clear()
        self.connections.clear()


def end(process: ForkProcess, grace: float = 5.0) -> None:
    """Wait for a worker asked to end; one that has not ended after `grace` seconds (its SIGTERM
    came at a moment it could not act on it) is killed, so an export never waits for ever."""
    process.join(timeout=grace)
    if process.is_alive():
        process.kill()
        process.join()


@contextmanager
def pdf_workers(paper: str, documents: int) -> Iterator[PdfWorkers | None]:
    """Workers for `documents` documents, ended on leaving; None where none are to be used."""
    count = process_count(documents)
    if count == 0:
        yield None
        return
    try:
        workers = PdfWorkers(paper, count)
    except OSError:  # no processes to be had (a limit, no memory): render in this process
        yield None
        return
    try:
        yield workers
    except BaseException:
        workers.terminate()
        raise
    workers.close()


def _serve(connection: Connection, paper: str, parent: int, theirs: Sequence[Connection]) -> None:
    """A worker: load WeasyPrint and the stylesheet, then render each HTML document sent."""
    index = -1
    try:
        _end_with(parent)
        for inherited in theirs:
            inherited.close()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the export's handler: `terminate` ends us
        from quizkit.exporters.pdf import PdfRenderer

        renderer = PdfRenderer(paper)
        while (job := connection.recv()) is not None:
            index, html = job
            connection.send((index, renderer.render_html(html), None))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass  # the export ended or was stopped: nothing to report to
    except BaseException as exc:  # reported by the export, which names the failure
        detail = "".join(traceback.format_exception_only(exc)).strip()
        with suppress(OSError):
            connection.send((index, None, detail))
    finally:
        os._exit(0)  # not the export's exit handlers, nor its buffered output: they are the parent's


def _end_with(parent: int) -> None:
    """Have the kernel kill this worker when the export's process ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # if refused, the pipe's end still ends us
    if os.getppid() != parent:  # the export ended before that took effect
        os._exit(0)
