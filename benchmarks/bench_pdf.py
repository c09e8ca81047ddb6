"""PDF handouts: quizkit against the `weasyprint` command, and a 30-version class set.

    .venv/bin/python -m benchmarks.bench_pdf [--bank PATH] [--repeat 7] [--versions 30] [--runs 1]

(1) The shipped bank's student copy as one PDF: quizkit's export of that document, as the
    export command runs it (a worker process loads WeasyPrint while the checked bank is loaded,
    the form built and the template rendered; the worker lays out and writes the PDF) against
    the `weasyprint` command on the same document as a self-contained HTML file. Both run as
    fresh processes, so both pay for starting Python and importing WeasyPrint; the median of
    --repeat runs of each, interleaved.
    Goal: quizkit at most 1.2x the command's time.
(2) A class set: student copy and answer key for each of --versions forms, rendered in one
    process with one FontConfiguration and one parsed stylesheet. Goal: at least 15 pages a
    second of wall-clock time (pages counted in the PDFs written; the median of --runs runs).
    Pages per CPU second are printed too: on a shared machine, other work slows the wall clock.
(3) For comparison, not a goal: the same class set (and the source packet) as `quizkit export
    --format pdf --versions N` writes it, with a worker process per processor.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions" / "japan-us-summit"
FALLBACK = ROOT / "tests" / "banks" / "small"
RATIO_GOAL = 1.2
PAGES_GOAL = 15.0


def choose_bank(requested: str | None) -> Path:
    """The bank asked for; else the shipped bank if it checks clean; else the small fixture bank."""
    from quizkit.checking import check_bank

    if requested:
        return Path(requested)
    if (SHIPPED / "bank.yaml").is_file() and check_bank(SHIPPED).ok:
        return SHIPPED
    print(f"note: {SHIPPED.relative_to(ROOT)} is missing or has errors; using {FALLBACK.relative_to(ROOT)}")
    return FALLBACK


EXPORT_STUDENT_PDF = """
import sys
from pathlib import Path
import quizkit.cli  # start up as the `quizkit` command does
from quizkit.bankcache import checked_bank
from quizkit.exporters.base import ExportOptions
from quizkit.exporters.pdf import PdfRenderer
from quizkit.exporters.pdfworkers import pdf_workers
from quizkit.handouts import handouts, render_handout
from quizkit.selection import Selection, build_forms

with pdf_workers("letter", 1) as workers:  # as `export` does: WeasyPrint loads while the bank is checked
    bank, _ = checked_bank(sys.argv[1])
    forms = build_forms(bank, Selection(seed=1))
    (student,) = handouts(forms, ExportOptions(name=bank.name), ".pdf", ["student"])
    if workers is None:
        pdf = PdfRenderer("letter").render(student)
    else:
        (pdf,) = workers.render([render_handout(student, css=None)])
Path(sys.argv[2]).write_bytes(pdf)
"""
# quizkit's PDF export of the student copy alone, run in a fresh process by part 1, the way
# `quizkit export --format pdf` runs: start up like the command; start the worker that loads
# WeasyPrint; meanwhile load the checked bank (the warm-up run checks it in full and keeps it,
# as a teacher's first export does), build the form and render the template; then lay out and
# write the PDF.


def write_student_html(bank: Path, folder: Path) -> Path:
    """The same student copy as a self-contained HTML file (the `weasyprint` command's input)."""
    from quizkit.checking import require_valid_bank
    from quizkit.exporters.base import ExportOptions, Staging
    from quizkit.exporters.html import HtmlExporter
    from quizkit.selection import Selection, build_forms

    loaded, _ = require_valid_bank(bank)
    forms = build_forms(loaded, Selection(seed=1))
    staging = Staging(folder)
    HtmlExporter(ExportOptions(name=loaded.name)).write(forms, staging)
    staging.commit()
    return folder / f"{loaded.name}.html"


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def single_pdf(bank: Path, repeat: int, folder: Path) -> float:
    """Part 1: the ratio of quizkit's time to the weasyprint command's, medians of `repeat` runs."""
    html = write_student_html(bank, folder)
    weasyprint_cli = Path(sys.executable).with_name("weasyprint")
    ours_cmd = [sys.executable, "-c", EXPORT_STUDENT_PDF, str(bank), str(folder / "quizkit.pdf")]
    theirs_cmd = [str(weasyprint_cli), str(html), str(folder / "weasyprint.pdf")]
    ours_env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}  # not the user's cache
    ours: list[float] = []
    theirs: list[float] = []
    timed(ours_cmd, ours_env)  # warm the file cache for both, and quizkit's checked-bank cache
    timed(theirs_cmd)
    for _ in range(repeat):
        ours.append(timed(ours_cmd, ours_env))
        theirs.append(timed(theirs_cmd))
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    pages = count_pages((folder / "quizkit.pdf").read_bytes())
    print(f"(1) student copy of {bank.name} as one PDF ({pages} pages), median of {repeat}, fresh processes")
    print(f"    quizkit export          {ours_median:6.2f} s   (runs: {_runs(ours)})")
    print(f"    weasyprint command      {theirs_median:6.2f} s   (runs: {_runs(theirs)})")
    ratio = ours_median / theirs_median
    print(f"    ratio                   {ratio:6.2f}x  (goal: at most {RATIO_GOAL}x)")
    return ratio


def class_set(bank: Path, versions: int, runs: int) -> float:
    """Part 2: student copy and key of `versions` forms in one process; pages per second."""
    from quizkit.checking import require_valid_bank
    from quizkit.exporters.base import ExportOptions
    from quizkit.exporters.pdf import PdfRenderer
    from quizkit.handouts import handouts
    from quizkit.selection import Selection, build_forms

    loaded, _ = require_valid_bank(bank)
    forms = build_forms(loaded, Selection(seed=7), versions)
    documents = handouts(forms, ExportOptions(name=loaded.name), ".pdf", ("student", "key"))
    rates: list[float] = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        renderer = PdfRenderer("letter")
        pdfs = [renderer.render(handout) for handout in documents]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        pages = sum(count_pages(pdf) for pdf in pdfs)
        rates.append(pages / seconds)
        print(
            f"    run: {len(pdfs)} PDFs, {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s"
            f" ({pages / cpu:.1f} pages per CPU second; the machine's load average was {_load()})"
        )
    rate = statistics.median(rates)
    print(f"(2) class set of {versions} versions (student + key) from {bank.name}, one process")
    print(f"    median                  {rate:6.1f} pages/s  (goal: at least {PAGES_GOAL:g})")
    return rate


def export_command(bank: Path, versions: int) -> float:
    """Part 3: pages per second of wall-clock time for the whole export command."""
    with tempfile.TemporaryDirectory(prefix="quizkit-bench-export-") as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        command = [sys.executable, "-m", "quizkit", "export", str(bank), "--format", "pdf"]
        command += ["--versions", str(versions), "--seed", "7", "-o", str(Path(tmp) / "out")]
        seconds = timed(command, env)
        pages = sum(count_pages(pdf.read_bytes()) for pdf in (Path(tmp) / "out").glob("*.pdf"))
    processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    print(f"(3) `quizkit export --format pdf --versions {versions}` (student copies, keys, source packet)")
    print(f"    {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s with {processes} processors")
    return pages / seconds


def count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bank", help="bank folder (default: the shipped bank)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command in part 1")
    parser.add_argument("--versions", type=int, default=30, help="forms in the class set of part 2")
    parser.add_argument("--runs", type=int, default=1, help="runs of the class set in part 2")
    args = parser.parse_args(argv)
    bank = choose_bank(args.bank)
    with tempfile.TemporaryDirectory(prefix="quizkit-bench-pdf-") as tmp:
        ratio = single_pdf(bank, args.repeat, Path(tmp))
    rate = class_set(bank, args.versions, args.runs)
    export_command(bank, args.versions)
    ok = ratio <= RATIO_GOAL and rate >= PAGES_GOAL
    print("goals met" if ok else "goal missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
