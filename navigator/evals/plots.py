"""Figures of the eval report as inline SVG strings (matplotlib, no pyplot state, no files)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

COLOURS = ("#1f5f8b", "#4f9bd1", "#8cc0e6", "#e0a030", "#b85c38", "#6a8f3c", "#7a5195", "#999999")


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    # metadata Date=None keeps the SVG byte-identical between runs with the same numbers.
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML


def metric_bars(
    groups: Mapping[str, Mapping[str, Mapping[str, Any]]],
    names: Sequence[str],
    title: str,
) -> str:
    """Grouped horizontal bars: one block per group, one bar per metric (0..1)."""
    labels = [g for g in groups if any(m in groups[g] for m in names)]
    if not labels:
        return ""
    height = 0.8 / len(names)
    fig = Figure(figsize=(11, 0.16 * len(labels) * len(names) + 1.3))
    ax = fig.subplots()
    y = np.arange(len(labels))
    for i, name in enumerate(names):
        values = [float(groups[g].get(name, {}).get("mean") or 0.0) for g in labels]
        ax.barh(y + i * height, values, height, label=name, color=COLOURS[i % len(COLOURS)])
    ax.set_yticks(y + height * (len(names) - 1) / 2, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_title(title, loc="left", fontweight="bold")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.04), fontsize="small", ncols=len(names), frameon=False
    )
    return _svg(fig)


def histogram(values: Sequence[float], title: str, xlabel: str) -> str:
    """A histogram with the median and 95th percentile marked."""
    if not values:
        return ""
    fig = Figure(figsize=(11, 3))
    ax = fig.subplots()
    ax.hist(values, bins=min(30, max(5, len(values) // 4)), color=COLOURS[0])
    for q, style in ((50, "-"), (95, "--")):
        x = float(np.percentile(values, q))
        ax.axvline(x, color=COLOURS[3], linestyle=style, label=f"p{q} = {x:.1f}")
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("answers")
    ax.legend(fontsize="small")
    return _svg(fig)
