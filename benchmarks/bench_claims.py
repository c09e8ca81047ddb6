"""`quizkit claims` on 50 generated articles of ~800 words: a few seconds at most.

    python -m benchmarks.bench_claims [--repeat 3]

The articles come from benchmarks/bank_text.py (news-like sentences with figures, quotations,
page residue), written into a bank folder with no questions. The whole command runs as a
process (start-up included), several times; the median CPU and wall times are printed. The
target is at most 3 s of CPU time; missing it exits 1.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bank_text import make_article, render_article

TARGET = 3.0
ARTICLES = 50
WORDS = 800


def write_bank(folder: Path) -> None:
    """A bank of ARTICLES sources of about WORDS words and no questions yet."""
    rng = random.Random(1)
    (folder / "sources").mkdir(parents=True)
    (folder / "bank.yaml").write_text('title: "Benchmark"\nquestions: []\n', encoding="utf-8")
    for index in range(ARTICLES):
        article = make_article(index, WORDS, rng)
        (folder / "sources" / f"{article.id}.txt").write_text(render_article(article, rng), encoding="utf-8")


def run_once(folder: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `quizkit claims` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "quizkit", "claims", str(folder)], check=True, stdout=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "bank"
        write_bank(folder)
        times = [run_once(folder) for _ in range(args.repeat)]
    cpu = statistics.median(t[0] for t in times)
    wall = statistics.median(t[1] for t in times)
    print(
        f"quizkit claims, {ARTICLES} articles of ~{WORDS} words: "
        f"CPU {cpu:.2f} s, wall {wall:.2f} s (target <= {TARGET} s CPU)"
    )
    return 0 if cpu <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
