"""How far to trust an item: the model's probability, read as the share of such items found right.

The narrow questions give a deal's recipient and a stance's position a probability (recipient.py,
position_check.py). A probability is not yet a chance of being right: three options averaged over two
orders put most positions between a third and a half, and deals at 0.2 were right three times in four.
`bench/calibrate.py` measures, on the development set, the share of items right at each level of
probability for a model, and writes the points into `calibration.json`; here an item's `confidence` is
read off those points (straight lines between them, flat beyond the ends). A model without points keeps
its probability as the confidence, and the summary's provenance says which calibration was used.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..schema import Acquisition, Stance

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """Per category, (probability, share right) points in rising order of probability."""

    name: str
    points: dict[str, tuple[tuple[float, float], ...]]

    def confidence(self, category: str, probability: float | None) -> float | None:
        points = self.points.get(category)
        if probability is None or not points:
            return probability
        return round(read_off(points, probability), 3)


def read_off(points: tuple[tuple[float, float], ...], x: float) -> float:
    """The value at x of the line through the points; the end values beyond the ends."""
    xs = [p for p, _ in points]
    i = bisect_left(xs, x)
    if i == 0:
        return points[0][1]
    if i == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


@cache
def calibration_for(model_label: str) -> Calibration | None:
    """The calibration measured for that model, if any."""
    fitted = json.loads(files(__package__).joinpath(CALIBRATION_FILE).read_text(encoding="utf-8"))
    entry = fitted.get("models", {}).get(model_label)
    if entry is None:
        return None
    points = {category: tuple((float(p), float(share)) for p, share in pairs)
              for category, pairs in entry["points"].items()}
    return Calibration(name=entry["name"], points=points)


def with_confidence(items: list[Acquisition] | list[Stance], category: str,
                    calibration: Calibration | None) -> list:
    """The items with their confidence read off their probability."""
    def confidence(probability: float | None) -> float | None:
        return calibration.confidence(category, probability) if calibration else probability

    return [item.model_copy(update={"confidence": confidence(item.probability)}) for item in items]
