"""A plain `pip install` carries the templates and the shipped banks inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_templates_and_banks(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("quizkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quizkit/questions/japan-us-summit/bank.yaml" in names
    assert any(n.startswith("quizkit/questions/japan-us-summit/sources/") for n in names)
    templates = {n for n in names if n.startswith("quizkit/templates/")}
    on_disk = {
        f"quizkit/templates/{p.relative_to(ROOT / 'templates')}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    assert templates == on_disk

    # Unpacked on its own, the package finds its templates and banks inside itself.
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "from quizkit.templating import data_dir; print(data_dir('templates')); print(data_dir('questions'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the checkout: `python -c` imports from its working folder first
        env={"PYTHONPATH": str(unpacked)},
    ).stdout.split()
    assert out == [str(unpacked / "quizkit" / "templates"), str(unpacked / "quizkit" / "questions")]
