"""Time and peak memory of `quizkit check` and every LMS export at 10k, 50k and 100k questions.

    python -m benchmarks.bench_scale [--sizes 10000,50000,100000] [--formats check,qti12,...] [--warm]

Banks come from benchmarks/generate_bank.py (1,000 sources of ~800 words), made once into the
git-ignored benchmarks/.data/ and reused. Each command runs once, in a fresh process started by
a small wrapper process, so the wrapper's `getrusage(RUSAGE_CHILDREN).ru_maxrss` is that
command's peak resident memory alone. Exports start with an empty cache of checked banks (what a
teacher's first export does: check included); with --warm, the cache is filled by an unmeasured
run first, so the figure is the export alone. Output goes to a temporary folder, removed after
each run.

Targets: every run peaks at most 1.5 GB, and time grows linearly: from one size to the next, CPU
time grows at most 1.3x as much as the number of questions (100k at most 2.6x the 50k time).
A missed target exits 1.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_check import ensure_bank, quizkit_command
from benchmarks.generate_bank import Params

MEMORY_LIMIT = 1_500_000_000
"""Bytes of peak resident memory allowed for any one command (1.5 GB)."""
LINEAR_SLACK = 1.3
"""How much faster than the bank's size a command's CPU time may grow before it counts as non-linear."""
SIZES = (10_000, 50_000, 100_000)
COMMANDS = ("check", "qti12", "qti21", "qti30", "cc", "moodle", "gift")
WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kib": usage.ru_maxrss,
    "code": done.returncode, "output": done.stdout[-2000:].decode("utf-8", "replace"),
}))
"""


@dataclass(frozen=True)
class Run:
    """One command's figures."""

    command: str
    questions: int
    wall: float
    cpu: float
    peak: int
    """Peak resident memory in bytes."""
    output: int
    """Bytes written (0 for check)."""


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak bytes) of `command` alone; stops the benchmark if it fails."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"error: the measuring wrapper failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout)
    if figures["code"] != 0:
        sys.exit(f"error: {' '.join(command)} exited {figures['code']}:\n{figures['output']}")
    return figures["wall"], figures["cpu"], figures["maxrss_kib"] * 1024


def run_one(name: str, folder: Path, questions: int, warm: bool) -> Run:
    """Measure `quizkit check` (name 'check') or `quizkit export --format <name>` on `folder`."""
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}  # an empty cache of its own
        if name == "check":
            command = [*quizkit_command(), "check", str(folder)]
        else:
            command = [*quizkit_command(), "export", str(folder), "--format", name, "-o", str(work / "out")]
            if warm:
                measure(command, env)
                shutil.rmtree(work / "out")
        wall, cpu, peak = measure(command, env)
        written = sum(p.stat().st_size for p in (work / "out").glob("*")) if name != "check" else 0
        return Run(name, questions, wall, cpu, peak, written)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def non_linear(runs: list[Run]) -> list[str]:
    """Each step from one size to the next where CPU time grew much faster than the bank."""
    problems = []
    for name in dict.fromkeys(r.command for r in runs):
        mine = sorted((r for r in runs if r.command == name), key=lambda r: r.questions)
        for small, large in itertools.pairwise(mine):
            allowed = LINEAR_SLACK * large.questions / small.questions
            if large.cpu > allowed * small.cpu:
                problems.append(
                    f"{name}: {large.questions:,} questions took {large.cpu / small.cpu:.2f}x the CPU time "
                    f"of {small.questions:,} (at most {allowed:.2f}x)"
                )
    return problems


def number_list(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", type=number_list, default=list(SIZES), help="banks' sizes in questions, comma-separated"
    )
    parser.add_argument(
        "--formats",
        type=lambda text: [part for part in text.split(",") if part],
        default=list(COMMANDS),
        help=f"commands to measure, comma-separated: {','.join(COMMANDS)}",
    )
    parser.add_argument("--warm", action="store_true", help="exports start from a filled checked-bank cache")
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    unknown = [name for name in args.formats if name not in COMMANDS]
    if unknown:
        parser.error(f"unknown format {', '.join(unknown)}; expected some of: {', '.join(COMMANDS)}")

    runs: list[Run] = []
    print(
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; exports from "
        f"{'a filled' if args.warm else 'an empty'} checked-bank cache"
    )
    print(f"{'command':10}{'questions':>11}{'wall':>10}{'CPU':>10}{'peak RSS':>12}{'output':>11}", flush=True)
    for questions in sorted(args.sizes):
        folder = ensure_bank(Params(questions, args.sources, args.words, args.seed))
        for name in args.formats:
            run = run_one(name, folder, questions, args.warm)
            runs.append(run)
            output = f"{run.output / 1e6:8.1f} MB" if run.output else ""
            figures = f"{run.wall:9.2f}s{run.cpu:9.2f}s{run.peak / 1e6:9.0f} MB{output:>11}"
            print(f"{name:10}{questions:>11,}{figures}", flush=True)
    heavy = [r for r in runs if r.peak > MEMORY_LIMIT]
    problems = [
        f"{r.command}: {r.questions:,} questions peaked at {r.peak / 1e6:.0f} MB "
        f"(at most {MEMORY_LIMIT / 1e6:.0f})"
        for r in heavy
    ] + non_linear(runs)
    for problem in problems:
        print(f"MISSED {problem}")
    print(
        f"targets: peak memory <= {MEMORY_LIMIT / 1e9:.1f} GB; CPU time grows <= {LINEAR_SLACK}x "
        f"the bank's growth: {'MISSED' if problems else 'met'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
