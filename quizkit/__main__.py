"""Allow `python -m quizkit`."""

from __future__ import annotations

from quizkit.cli import run

if __name__ == "__main__":
    run()
