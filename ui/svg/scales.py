"""Axes of a server-drawn chart: category, linear or log, with plotly's layout keys read."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field

import numpy as np

from ui.svg.text import number


def array(data) -> np.ndarray:
    """A trace's array as numpy: plotly's figure dicts hold numpy data as base64 typed arrays
    (``{"dtype": "f8", "bdata": ...}``), and figures built by hand hold lists or series."""
    if isinstance(data, dict) and "bdata" in data:
        flat = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        shape = data.get("shape")
        if isinstance(shape, str):
            shape = tuple(int(n) for n in shape.split(","))
        return flat.reshape(shape) if shape else flat
    return np.asarray(data, dtype=object)


def values(data) -> list:
    """A trace's coordinate array as a flat list."""
    if data is None:
        return []
    if isinstance(data, (str, bytes)):
        return [data]
    return array(data).ravel().tolist()


def is_number(v) -> bool:
    return (
        isinstance(v, (int, float, np.integer, np.floating))
        and not isinstance(v, bool)
        and math.isfinite(v)
    )


@dataclass
class Axis:
    """One axis: where a value goes between pixels ``start`` and ``end`` (set once laid out)."""

    kind: str  # "category", "linear" or "log"
    low: float  # in data units (log10 for a log axis; category index for categories)
    high: float
    spec: dict = field(default_factory=dict)  # the layout's axis dict
    categories: list = field(default_factory=list)
    start: float = 0.0
    end: float = 1.0

    def pos(self, value) -> float | None:
        """Pixel of ``value``, or None where it has none (missing, or not a category)."""
        if self.kind == "category" and not is_number(value):
            if value not in self.categories:
                return None
            value = self.categories.index(value)
        elif not is_number(value):
            return None
        elif self.kind == "log":
            if value <= 0:
                return None
            value = math.log10(value)
        return self.start + (float(value) - self.low) / (self.high - self.low) * (
            self.end - self.start
        )

    def band(self) -> float:
        """Pixels between neighbouring categories (the whole axis for other kinds)."""
        return abs(self.end - self.start) / max(abs(self.high - self.low), 1e-12)

    def ticks(self, length: float) -> list[tuple[float, str]]:
        """(pixel, label) of each tick, from ``tickvals``/``ticktext`` or chosen every ~80 px."""
        spec, fmt = self.spec, self.spec.get("tickformat", "")
        if self.kind == "category":
            shown = [(i, str(c)) for i, c in enumerate(self.categories)]
        elif spec.get("tickvals") is not None:
            given = values(spec["tickvals"])
            text = values(spec.get("ticktext")) or [label(v, fmt) for v in given]
            shown = list(zip(given, text, strict=False))
        elif self.kind == "log":
            shown = [(v, label(v, fmt)) for v in log_ticks(self.low, self.high, length)]
        else:
            shown = [
                (v, label(v, fmt))
                for v in nice_ticks(self.low, self.high, max(2, int(length // 80)))
            ]
        out = []
        for v, text in shown:
            p = self.pos(v)
            if (
                p is not None
                and min(self.start, self.end) - 0.5 <= p <= max(self.start, self.end) + 0.5
            ):
                out.append((p, text))
        return out


def label(v: float, fmt: str) -> str:
    if fmt:
        return number(v, fmt)
    if abs(v) >= 1e6:
        return f"{v / 1e6:g}M"
    if abs(v) >= 1e4:
        return f"{v / 1e3:g}k"
    return f"{round(v, 10):g}"


def nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round numbers (1, 2 or 5 times a power of ten apart) covering [low, high]."""
    lo, hi = min(low, high), max(low, high)
    if hi - lo <= 0:
        return [lo]
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 12) for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def log_ticks(low: float, high: float, length: float) -> list[float]:
    """Ticks of a log axis (``low``, ``high`` in log10): powers of ten, with 2 and 5 between
    them when there is room."""
    lo, hi = min(low, high), max(low, high)
    decades = range(math.floor(lo), math.ceil(hi) + 1)
    steps = (1, 2, 5) if length / max(hi - lo, 1e-9) > 150 else (1,)
    return [
        m * 10.0**d
        for d in decades
        for m in steps
        if lo - 1e-9 <= math.log10(m * 10.0**d) <= hi + 1e-9
    ]


def build(spec: dict, data: list, *, padded: bool) -> Axis:
    """An axis from its layout ``spec`` and every value drawn on it (``data``), bars' zero
    included. ``padded`` adds plotly's margin of 5% (markers) on sides with no given range."""
    categories = values(spec.get("categoryarray")) if spec.get("categoryorder") == "array" else []
    if spec.get("type") == "category" or any(isinstance(v, str) for v in data):
        for v in data:
            if isinstance(v, str) and v not in categories:
                categories.append(v)
        low, high = -0.5, len(categories) - 0.5
        axis = Axis("category", low, high, spec, categories)
    else:
        kind = "log" if spec.get("type") == "log" else "linear"
        numbers = [float(v) for v in data if is_number(v) and (kind == "linear" or v > 0)]
        if kind == "log":
            numbers = [math.log10(v) for v in numbers]
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        if high == low:
            low, high = low - 1, high + 1
        elif padded:
            pad = 0.05 * (high - low)
            low, high = low - pad, high + pad
        given = spec.get("range")
        if given is not None and len(values(given)) == 2:
            low, high = (float(v) for v in values(given))
        axis = Axis(kind, low, high, spec)
    if spec.get("autorange") == "reversed":
        axis.low, axis.high = axis.high, axis.low
    return axis
