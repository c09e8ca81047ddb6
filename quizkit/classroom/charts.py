"""The HTML report's charts, drawn by matplotlib as static SVG (no browser code, works offline).

matplotlib is imported only here, and this module only by `quizkit report --format html`. The
SVG is byte-stable: no date, a fixed hash salt for its ids, text kept as text (no font paths).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

KEY_COLOUR = "#1a5e20"  # dark green: the key, also hatched, so it reads without colour
OTHER_COLOUR = "#9e9e9e"
WIDTH_INCHES = 6.4


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    keyed: bool


@dataclass(frozen=True)
class Point:
    label: str
    facility: float
    discrimination: float


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "quizkit",
            "svg.fonttype": "none",  # text as <text>: small, and read by the browser's fonts
            "text.parse_math": False,  # '$1 trillion' is money, not mathematics
            "font.family": "DejaVu Sans",
            "font.size": 9,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: Any, salt: str) -> str:
    plt = _pyplot()
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = f"quizkit-{salt}"
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    return out.getvalue()


def choice_chart(bars: Sequence[Bar], salt: str) -> str:
    """Horizontal bars: how often each choice (or answer) was picked; the key dark and hatched."""
    plt = _pyplot()
    height = 0.55 + 0.38 * len(bars)
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, height))
    labels = [textwrap.shorten(b.label, 60, placeholder="...") + (" (key)" if b.keyed else "") for b in bars]
    positions = list(range(len(bars)))[::-1]
    drawn = axes.barh(
        positions,
        [b.count for b in bars],
        color=[KEY_COLOUR if b.keyed else OTHER_COLOUR for b in bars],
        hatch=None,
        edgecolor="black",
        linewidth=0.6,
    )
    for patch, bar in zip(drawn, bars, strict=True):
        if bar.keyed:
            patch.set_hatch("//")
            patch.set_edgecolor("white")
    axes.bar_label(drawn, labels=[str(b.count) for b in bars], padding=3)
    axes.set_yticks(positions, labels)
    top = max((b.count for b in bars), default=0)
    axes.set_xlim(0, max(top, 1) * 1.15)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("answers")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, salt)


def scatter_chart(points: Sequence[Point], salt: str) -> str:
    """Facility (x) against discrimination (y), each question a labelled point."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 4.2))
    axes.axhspan(-1, 0, color="#fde0dc", zorder=0)  # negative: check the key
    axes.axhline(0.2, color="#555555", linestyle="--", linewidth=0.8)
    axes.text(1.0, 0.21, "0.2: discriminates", ha="right", va="bottom", fontsize=8, color="#333333")
    axes.text(1.0, -0.98, "below 0: check the key", ha="right", va="bottom", fontsize=8, color="#8a1c0f")
    axes.scatter([p.facility for p in points], [p.discrimination for p in points], color="#0b4f8a", zorder=3)
    for p in points:
        axes.annotate(p.label, (p.facility, p.discrimination), textcoords="offset points", xytext=(5, 4))
    axes.set_xlim(-0.02, 1.02)
    axes.set_ylim(-1, 1)
    axes.set_xlabel("facility (share of points earned; easier to the right)")
    axes.set_ylabel("discrimination (point-biserial r)")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, salt)
