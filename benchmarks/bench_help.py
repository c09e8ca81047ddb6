"""`quizkit --help` against `text2qti --help`, and what `quizkit --help` imports.

    .venv/bin/pip install -e '.[bench]'     # text2qti, for this comparison only
    python -m benchmarks.bench_help [--repeat 20]

Both commands run as whole processes, interleaved, --repeat times each; the medians are compared.
The target is quizkit <= 0.5x text2qti; missing it exits 1. Without text2qti the comparison is
skipped (with a message) and only quizkit's time and imports are shown. The import check runs
`quizkit --help` under `python -X importtime` and lists every heavy library it loads: there
should be none, since each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 0.5
HEAVY = (
    "pydantic",
    "yaml",
    "jinja2",
    "rapidfuzz",
    "lxml",
    "weasyprint",
    "rich",
    "platformdirs",
    "matplotlib",
)
HELP_PROBE = "import sys; sys.argv = ['quizkit', '--help']; from quizkit.cli import main; main()"


def command_for(name: str) -> list[str] | None:
    """The console script `name` beside this interpreter, or on PATH; None if not installed."""
    script = Path(sys.executable).parent / name
    if script.is_file():
        return [str(script)]
    found = shutil.which(name)
    return [found] if found else None


def run_once(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-1000:]}")
    return elapsed


def imports_of(code: str) -> list[tuple[str, int]]:
    """(module, cumulative microseconds) for every module `code` imports, from -X importtime."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=False
    )
    found = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if cumulative.isdigit():
            found.append((name, int(cumulative)))
    return found


def heavy_imports(found: list[tuple[str, int]]) -> list[str]:
    """The heavy packages among imported modules, with the time each took in brackets."""
    return [f"{name} ({us / 1000:.0f} ms)" for name, us in found if name in HEAVY]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_help", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    quizkit = command_for("quizkit") or [sys.executable, "-m", "quizkit"]
    text2qti = command_for("text2qti")
    commands = {"quizkit": [*quizkit, "--help"]}
    if text2qti:
        commands["text2qti"] = [*text2qti, "--help"]
    for command in commands.values():
        run_once(command)  # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved, so both see the same load on the machine
        for name, command in commands.items():
            times[name].append(run_once(command))
    medians = {name: statistics.median(runs) for name, runs in times.items()}

    print(f"\n--help: median of {args.repeat} runs each (fastest in brackets)")
    for name, runs in times.items():
        print(f"  {' '.join(commands[name]):60} {medians[name] * 1000:7.1f} ms  ({min(runs) * 1000:.1f} ms)")

    module_imports = imports_of("import quizkit.cli")
    help_imports = imports_of(HELP_PROBE)
    total = max((us for name, us in help_imports if name == "quizkit.cli"), default=0)
    heavy = heavy_imports(help_imports)
    print(f"  imports for `quizkit --help`: {len(help_imports)} modules; quizkit.cli {total / 1000:.1f} ms")
    on_import = ", ".join(heavy_imports(module_imports)) or "none"
    print(f"  heavy libraries imported by `import quizkit.cli`: {on_import}")
    print(f"  heavy libraries imported by `quizkit --help`: {', '.join(heavy) or 'none'}")
    ok = not heavy
    if "text2qti" not in medians:
        print("  text2qti is not installed: comparison skipped (pip install -e '.[bench]' to run it)")
        return 0 if ok else 1
    ratio = medians["quizkit"] / medians["text2qti"]
    met = ratio <= TARGET
    print(f"  ratio quizkit / text2qti: {ratio:.2f}x; target <= {TARGET}x: {'met' if met else 'MISSED'}")
    return 0 if ok and met else 1


if __name__ == "__main__":
    sys.exit(main())
