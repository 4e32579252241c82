"""Text drawn turned (a page's content rotated on its sheet, a sideways label): runs grouped by the
direction of their baselines and each group turned upright, so lines are built along their own
baseline whatever the text matrix did. (A page's /Rotate is not this: it turns the display only.)"""

from __future__ import annotations

import math
from dataclasses import replace

from ..records import Run
from .params import ANGLE_TOLERANCE


def _near(a: float, b: float) -> bool:
    return abs((a - b + 180) % 360 - 180) <= ANGLE_TOLERANCE


def upright_groups(runs: list[Run]) -> list[list[Run]]:
    """The page's runs by baseline direction, each group turned upright; the group holding most
    text first (the page's own direction), then the others (sideways labels) by size."""
    if all(run.angle == 0 for run in runs):
        return [runs]
    groups: list[tuple[float, list[Run]]] = []
    for run in runs:
        for angle, members in groups:
            if _near(angle, run.angle):
                members.append(run)
                break
        else:
            groups.append((run.angle, [run]))
    groups.sort(key=lambda group: -sum(len(run.text.strip()) for run in group[1]))
    return [[_turned(run, angle) for run in members] if not _near(angle, 0) else members for angle, members in groups]


def _turned(run: Run, angle: float) -> Run:
    """The run in the frame where its baseline runs left to right (its end re-measured there)."""
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    x = run.x * cos + run.y * sin
    y = -run.x * sin + run.y * cos
    return replace(run, x=x, y=y, end=None, angle=0.0)
