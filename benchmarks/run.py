"""Run every benchmark (benchmarks/bench_*.py) in turn and say which missed its target.

    python -m benchmarks.run [NAME ...]      # `make bench`; NAME like check or bench_check

Without names it runs every benchmark but the long ones (bench_scale, about 17 CPU-minutes), which
run only when named (`make bench-scale`). Each benchmark runs as `python -m benchmarks.bench_NAME`
in its own process, so one's memory and imports do not colour another's figures; its output is
shown as it comes. Exits 1 if any failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LONG = {"bench_scale"}  # run only when named


def benchmark_names() -> list[str]:
    """Every bench_*.py module beside this file, in name order."""
    return sorted(path.stem for path in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    wanted = sys.argv[1:] if argv is None else argv
    names = benchmark_names()
    if wanted:
        chosen = [n if n.startswith("bench_") else f"bench_{n}" for n in wanted]
        unknown = [n for n in chosen if n not in names]
        if unknown:
            print(f"error: no benchmark {', '.join(unknown)}; expected one of: {', '.join(names)}")
            return 2
        names = chosen
    else:
        skipped = [n for n in names if n in LONG]
        names = [n for n in names if n not in LONG]
        for name in skipped:
            print(f"(skipping {name}, a long one: python -m benchmarks.run {name.removeprefix('bench_')})")
    results: list[tuple[str, int, float]] = []
    for name in names:
        print(f"=== {name}", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=HERE.parent, check=False)
        results.append((name, done.returncode, time.perf_counter() - started))
    print("\n=== summary")
    for name, code, seconds in results:
        print(f"  {name:24} {'ok' if code == 0 else f'FAILED (exit {code})':18} {seconds:6.1f} s")
    return 1 if any(code for _, code, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
