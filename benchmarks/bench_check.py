"""`quizkit check` on a 10,000-question bank against the floor: libyaml parsing it and reading sources.

    python -m benchmarks.bench_check [--repeat 7] [--instructions]

The floor is what no checker of this bank can beat: parse the same bank.yaml with PyYAML's libyaml
loader, with the garbage collector off (`gc.disable()`, as quizkit itself may while it loads), and
read every source file. Both are timed as whole processes (interpreter start-up included, with
Python's bytecode cache as a user has it), interleaved, several times. The target is quizkit <=
1.5x the floor in CPU time (user + system), which other work on a shared machine moves less than
wall time: each quizkit run is divided by the floor run just before it (a busy spell slows both),
and the median of those ratios is judged. Medians of wall and CPU time are shown beside it, and
with --instructions the instructions each runs, which valgrind counts the same however busy the
machine is. Missing the target exits 1, so a regression shows. In-process times (the floor's work
vs quizkit.checking.check_bank) are printed for information.
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.generate_bank import Params, generate, stamp_of

TARGET = 1.5
DATA = Path(__file__).resolve().parent / ".data"
FLOOR = """
import gc, glob, sys, yaml
gc.disable()
folder = sys.argv[1]
with open(folder + "/bank.yaml", encoding="utf-8") as file:
    yaml.load(file.read(), Loader=yaml.CSafeLoader)
for path in sorted(glob.glob(folder + "/sources/*.txt")):
    with open(path, encoding="utf-8") as file:
        file.read()
"""


def ensure_bank(params: Params) -> Path:
    """The generated bank for `params` under benchmarks/.data/, made once and then reused."""
    folder = DATA / f"bank-q{params.questions}-s{params.sources}-w{params.words}-seed{params.seed}"
    if stamp_of(folder) == params and (folder / "bank.yaml").is_file():
        return folder
    print(f"generating {folder.relative_to(DATA.parent.parent)} ...", flush=True)
    generate(folder, params)
    return folder


def quizkit_command() -> list[str]:
    """The installed `quizkit` script beside this interpreter, else `python -m quizkit`."""
    script = Path(sys.executable).parent / "quizkit"
    if script.is_file():
        return [str(script)]
    found = shutil.which("quizkit")
    return [found] if found else [sys.executable, "-m", "quizkit"]


def child_env() -> dict[str, str]:
    """As a user runs it: Python caches bytecode, as it does for PyYAML in the floor
    (PYTHONDONTWRITEBYTECODE, set in some sandboxes and CI images, would recompile quizkit's
    modules from source on every start of an editable install)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_process(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, output) of one run; stops the benchmark if the run fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=child_env())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr}")
    return wall, cpu, done.stdout + done.stderr


def count_instructions(command: list[str]) -> int | None:
    """The instructions `command` runs, counted by valgrind's callgrind; None without valgrind."""
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: instructions not counted (apt-get install valgrind)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
            capture_output=True,
            text=True,
            check=False,
            env=child_env(),
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"error: valgrind {' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return int(found[1])


def time_call(function: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def floor_in_process(folder: Path) -> None:
    """The floor's work, in this process, with the garbage collector off as in the whole-process floor."""
    gc.disable()
    try:
        yaml.load((folder / "bank.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for path in sorted(glob.glob(str(folder / "sources" / "*.txt"))):
            Path(path).read_text(encoding="utf-8")
    finally:
        gc.enable()


def check_in_process(folder: Path) -> None:
    from quizkit.checking import check_bank

    checked = check_bank(folder)
    errors = [d for d in checked.diagnostics if d.is_error]
    if errors:
        sys.exit(f"error: check_bank found {len(errors)} errors in the generated bank")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_check", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=7, help="runs of each, whole process (default 7)")
    parser.add_argument(
        "--repeat-in-process", type=int, default=3, help="runs of each, in process (default 3)"
    )
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count both commands' instructions under valgrind (callgrind): the same count on "
        "every run, however busy the machine (about 4 minutes more)",
    )
    args = parser.parse_args(argv)
    folder = ensure_bank(Params(args.questions, args.sources, args.words, args.seed))
    floor_command = [sys.executable, "-c", FLOOR, str(folder)]
    check_command = [*quizkit_command(), "check", str(folder)]
    _, _, output = run_process(check_command)  # warm the file and bytecode caches; must be clean
    if not output.rstrip().endswith("0 errors, 0 warnings"):  # a well-written bank: nothing to say
        sys.exit(f"error: the generated bank is not clean (checker or generator wrong):\n{output[-3000:]}")
    floor_runs, check_runs = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same load on the machine
        floor_runs.append(run_process(floor_command)[:2])
        check_runs.append(run_process(check_command)[:2])
    floor_in = [time_call(lambda: floor_in_process(folder)) for _ in range(args.repeat_in_process)]
    check_in = [time_call(lambda: check_in_process(folder)) for _ in range(args.repeat_in_process)]

    floor_wall = statistics.median(w for w, _ in floor_runs)
    check_wall = statistics.median(w for w, _ in check_runs)
    floor_cpu = statistics.median(c for _, c in floor_runs)
    check_cpu = statistics.median(c for _, c in check_runs)
    # each quizkit run against the floor run just before it: a busy spell slows both
    paired = sorted(c / f for (_, f), (_, c) in zip(floor_runs, check_runs, strict=True))
    ratio = statistics.median(paired)
    size = (folder / "bank.yaml").stat().st_size / 1e6
    sources = sum(p.stat().st_size for p in (folder / "sources").glob("*.txt")) / 1e6
    print(
        f"\nquizkit check: {args.questions:,} questions, {args.sources:,} sources "
        f"(bank.yaml {size:.1f} MB, sources {sources:.1f} MB); median of {args.repeat} runs "
        f"({args.repeat_in_process} in process); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':34}{'floor':>10}{'quizkit':>10}{'ratio':>9}")
    rows = [
        ("whole process, wall", floor_wall, check_wall),
        ("whole process, CPU", floor_cpu, check_cpu),
        ("in process, wall", statistics.median(floor_in), statistics.median(check_in)),
    ]
    for label, floor, ours in rows:
        print(f"{label:34}{floor:9.2f}s{ours:9.2f}s{ours / floor:8.2f}x")
    print(
        f"{'whole process, CPU, run by run':34}{'':20}{ratio:8.2f}x  "
        f"(median; from {paired[0]:.2f}x to {paired[-1]:.2f}x)"
    )
    if args.instructions:
        counted = [count_instructions(command) for command in (floor_command, check_command)]
        if None not in counted:
            floor_count, check_count = counted
            assert floor_count is not None and check_count is not None
            print(
                f"{'whole process, instructions':34}{floor_count / 1e9:9.2f}G{check_count / 1e9:9.2f}G"
                f"{check_count / floor_count:8.2f}x"
            )
    print("floor:   python -c 'gc.disable(); yaml.load(bank.yaml, Loader=CSafeLoader); read sources/*.txt'")
    print(f"quizkit: {' '.join(check_command)}")
    met = ratio <= TARGET
    print(
        f"target: quizkit check <= {TARGET}x the floor (whole process, CPU, the median run by run): "
        f"{'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
