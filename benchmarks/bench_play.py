"""How soon `quizkit play` shows its first question, in a pseudo-terminal, on a 100-question bank.

    .venv/bin/python -m benchmarks.bench_play [--runs 9] [--questions 100]

The bank is generated into a temporary folder (benchmarks.generate_bank, 5 articles). Each run
starts `quizkit play BANK --name bench --results TMP --seed N` in a pty (pexpect), times the
moment "Question 1 of" appears on the screen, then presses Ctrl-C. One warm-up run fills the
file cache, Python's bytecode cache and quizkit's cache of checked banks, as any first run does
for a user. The median is compared with the target (0.3 s); missing it exits 1. The first play
of a bank that is new to the user or edited since (checked in full) is timed too, and a
breakdown by phase, measured inside one process, shows where the time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate_bank import Params, generate

TARGET = 0.3


def quizkit_command() -> list[str]:
    script = Path(sys.executable).parent / "quizkit"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "quizkit"]


def first_question(bank: Path, results: Path, seed: int) -> float:
    """Seconds from starting `quizkit play` in a pty to its first question on screen."""
    import pexpect

    command = [*quizkit_command(), "play", str(bank), "--name", "bench", "--results", str(results)]
    started = time.perf_counter()
    child = pexpect.spawn(
        command[0],
        [*command[1:], "--seed", str(seed)],
        env=child_env(),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 120),
    )
    child.expect("Question 1 of")
    elapsed = time.perf_counter() - started
    CPU_TIMES.append(cpu_seconds(child.pid))
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


CPU_TIMES: list[float | None] = []


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a running process has used so far, from /proc (Linux); the same
    whatever else the machine is doing, unlike the time on the clock."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def check_only(bank: Path) -> float:
    """Seconds for `quizkit check BANK`: the floor under play's start (same imports, same check)."""
    started = time.perf_counter()
    subprocess.run([*quizkit_command(), "check", str(bank)], env=child_env(), capture_output=True, check=True)
    return time.perf_counter() - started


CACHE = Path(tempfile.gettempdir())  # replaced in main() by a folder of the run's own


def child_env() -> dict[str, str]:
    """As a user runs it: Python caches bytecode (PYTHONDONTWRITEBYTECODE, set in some sandboxes
    and CI images, would recompile quizkit's modules from source on every start). quizkit's own
    caches (checked banks, compiled templates) and their signing key go to a folder of this run's,
    not the user's."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("TERM", "xterm-256color")
    env["XDG_CACHE_HOME"] = str(CACHE)
    env["XDG_DATA_HOME"] = str(CACHE.parent / "data")  # where the cache's signing key is kept
    return env


PHASES = """
import io, time
marks = [("start", time.perf_counter())]
def mark(name): marks.append((name, time.perf_counter()))
import click
from quizkit.cli import main
mark("import click and the CLI")
from quizkit.bankcache import checked_bank
from quizkit.selection import Selection, build_form
mark("import pydantic, the model and selection")
bank, _ = checked_bank(BANK)
mark("load the checked bank from the cache")
form = build_form(bank, Selection(seed=1))
mark("build the form")
from quizkit.classroom.play import intro_context, local_now, question_view
from quizkit.classroom.results import ResultsStore
store = ResultsStore(RESULTS)
attempt = store.start_attempt(form, "bench", local_now())
mark("open the results file, store the attempt")
from quizkit.classroom.terminal import RichScreen
from rich.console import Console
mark("import jinja2 and rich")
screen = RichScreen(io.StringIO())
screen.console = Console(file=io.StringIO(), force_terminal=True, width=120)
screen.show("intro", **intro_context(form, "each"))
screen.show("question", q=question_view(form, form.items[0]))
mark("render the intro and the first question")
for (_, before), (name, after) in zip(marks, marks[1:]):
    print(f"  {name:45} {1000 * (after - before):6.0f} ms")
"""


def phases(bank: Path, results: Path) -> str:
    code = f"BANK = {str(bank)!r}\nRESULTS = {str(results)!r}\n{PHASES}"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=child_env()
    )
    return done.stdout if done.returncode == 0 else done.stderr[-2000:]


def main(argv: list[str] | None = None) -> int:
    global CACHE
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_play", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--questions", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-play-") as tmp:
        CACHE = Path(tmp) / "cache"
        bank = Path(tmp) / "bank"
        generate(bank, Params(questions=args.questions, sources=5, words=800, seed=1))
        results = Path(tmp) / "results.sqlite3"
        first_question(bank, results, seed=0)  # warm-up: file cache, bytecode, checked bank
        check_only(bank)
        times, colds, checks = [], [], []
        cpus: list[float | None] = []
        for run in range(args.runs):  # interleaved, so all three see the same load on the machine
            times.append(first_question(bank, results, seed=run + 1))
            cpus.append(CPU_TIMES[-1])
            shutil.rmtree(CACHE / "quizkit" / "banks")  # as for a bank new to this user, or edited
            colds.append(first_question(bank, results, seed=run + 1))
            checks.append(check_only(bank))
        breakdown = phases(bank, results)
    median = statistics.median(times)
    print(
        f"quizkit play, {args.questions}-question bank: first question on screen in "
        f"{1000 * median:.0f} ms (median of {args.runs} runs in a pty; "
        f"min {1000 * min(times):.0f}, max {1000 * max(times):.0f}); target {1000 * TARGET:.0f} ms"
    )
    measured = [c for c in cpus if c is not None]
    if measured:
        print(
            f"CPU time of that process until its first question: {1000 * statistics.median(measured):.0f} ms "
            f"(median; min {1000 * min(measured):.0f}, max {1000 * max(measured):.0f}; "
            "steady when the machine is busy)"
        )
    print(
        f"the first play of a bank new to this user or edited since (checked in full, then kept): "
        f"{1000 * statistics.median(colds):.0f} ms (median, same runs)"
    )
    print(
        f"for comparison, `quizkit check` of the same bank (start, load, check, exit): "
        f"{1000 * statistics.median(checks):.0f} ms (median, same runs)"
    )
    print("where the time goes on a later play (one process, same steps):")
    print(breakdown, end="")
    if median > TARGET:
        print(f"MISSED: median {1000 * median:.0f} ms > {1000 * TARGET:.0f} ms")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
