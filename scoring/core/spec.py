"""Declarative, validated settings: the machinery behind :class:`scoring.core.scenario.Scenario`.

Each setting is a dataclass field made by one of the helpers below (``number``,
``integer``, ``choice``, ``flag``, ``weights``, ``subset``, ``section``). The helper
records the allowed values, so one generic reader can take untrusted input (a JSON
file, a URL) and *clamp* or *drop* bad values, reporting every change, instead of
raising or, worse, unpickling anything.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
MAX_ENTRIES = 2000  # ids in one weights mapping; bigger inputs are refused, not processed


@dataclass(frozen=True)
class Spec:
    """What one field accepts. ``kind`` is one of the helper names."""

    kind: str
    lo: float | None = None
    hi: float | None = None
    options: tuple = ()
    url: str | None = None
    cls: type | None = None
    size: int = 0  # weights: 0 for a number per id, else a tuple of ``size`` numbers per id


def _field(default: Any, spec: Spec, doc: str):
    if isinstance(default, dict | list | tuple) or dataclasses.is_dataclass(default):
        return dataclasses.field(
            default_factory=(lambda d=default: _copy(d)), metadata={"spec": spec, "doc": doc}
        )
    return dataclasses.field(default=default, metadata={"spec": spec, "doc": doc})


def _copy(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return tuple(value)
    return value if not dataclasses.is_dataclass(value) else dataclasses.replace(value)


def number(default: float, lo: float, hi: float, *, url=None, doc=""):
    """A float clamped to ``[lo, hi]``."""
    return _field(float(default), Spec("number", lo, hi, url=url), doc)


def integer(default: int, lo: int, hi: int, *, url=None, doc=""):
    """An int clamped to ``[lo, hi]``."""
    return _field(int(default), Spec("integer", lo, hi, url=url), doc)


def choice(default: str, options, *, url=None, doc=""):
    """One string out of ``options``."""
    return _field(default, Spec("choice", options=tuple(options), url=url), doc)


def flag(default: bool, *, url=None, doc=""):
    """A boolean (accepts true/false, 1/0, yes/no)."""
    return _field(bool(default), Spec("flag", url=url), doc)


def weights(default: Mapping, lo: float, hi: float, *, size: int = 0, url=None, doc=""):
    """A mapping id -> number clamped to ``[lo, hi]``.

    With ``size`` > 0 each id maps to a tuple of ``size`` numbers in ``[lo, hi]``
    instead (``size=2`` with sorting gives [min, max] bounds; see :func:`read`).
    """
    return _field(dict(default), Spec("weights", lo, hi, url=url, size=size), doc)


def subset(default, options, *, url=None, doc=""):
    """A tuple of distinct strings drawn from ``options``, in the order of ``options``."""
    return _field(tuple(default), Spec("subset", options=tuple(options), url=url), doc)


def text(default: str, *, max_len: int = 80, url=None, doc=""):
    """A short plain-text string (control characters removed, length capped)."""
    return _field(default, Spec("text", hi=max_len, url=url), doc)


def section(cls, *, url=None, doc=""):
    """A nested settings dataclass."""
    return _field(cls(), Spec("section", url=url, cls=cls), doc)


# ---------------------------------------------------------------------------- reading


def read(cls, data: Any, path: str = "") -> tuple[Any, list[str]]:
    """Build ``cls`` from untrusted ``data``; return ``(instance, notes)``.

    Unknown keys are ignored and bad values replaced by defaults or clamped; every such
    change is described in ``notes`` (for example ``"weights.homicide: 50 is above the
    maximum 10; using 10"``). Never raises for bad values, only for a non-mapping input.
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"{path or 'scenario'} must be a JSON object, not {type(data).__name__}")
    notes: list[str] = []
    kwargs = {}
    known = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in known and key not in ("version", "app"):
            notes.append(f"{_join(path, str(key)[:40])}: not a known setting; ignored")
    for name, f in known.items():
        if name not in data:
            continue
        spec: Spec = f.metadata["spec"]
        default = _default(f)
        value, note = _coerce(spec, data[name], default, _join(path, name))
        notes.extend([note] if isinstance(note, str) else note or [])
        kwargs[name] = value
    return cls(**kwargs), notes


def _default(f):
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _coerce(spec: Spec, raw: Any, default: Any, where: str):
    try:
        return _COERCE[spec.kind](spec, raw, default, where)
    except (TypeError, ValueError, OverflowError):
        shown = "defaults" if spec.kind == "section" else f"default {_show(default)}"
        return default, f"{where}: {_show(raw)} is not valid; using the {shown}"


def _number(spec: Spec, raw, default, where):
    if isinstance(raw, bool):
        raise ValueError
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError
    return _clamp(value, spec, where, raw)


def _integer(spec: Spec, raw, default, where):
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raise ValueError
    value, note = _clamp(float(raw), spec, where, raw)
    return int(value), note


def _clamp(value: float, spec: Spec, where: str, raw):
    for bound, word, outside in ((spec.lo, "below the minimum", value < (spec.lo or 0)),
                                 (spec.hi, "above the maximum", value > (spec.hi or 0))):
        if bound is not None and outside:
            return float(bound), f"{where}: {_show(raw)} is {word} {bound:g}; using {bound:g}"
    return value, None


def _choice(spec: Spec, raw, default, where):
    if raw in spec.options:
        return raw, None
    return default, f"{where}: {_show(raw)} is not one of {', '.join(spec.options)}; using {default}"


def _flag(spec: Spec, raw, default, where):
    if isinstance(raw, bool):
        return raw, None
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True, None
    if text in ("0", "false", "no", "off"):
        return False, None
    raise ValueError


def _weights(spec: Spec, raw, default, where):
    if not isinstance(raw, Mapping):
        raise ValueError
    if len(raw) > MAX_ENTRIES:
        return default, f"{where}: more than {MAX_ENTRIES} entries; using the defaults"
    out, notes = {}, []
    for key, value in raw.items():
        key = str(key)
        if not KEY.match(key):
            notes.append(f"{where}: the key {_show(key)} is not a valid id; ignored")
            continue
        if spec.size:
            got, note = _tuple(spec, value, f"{where}.{key}")
        else:
            try:
                got, note = _number(spec, value, None, f"{where}.{key}")
            except (TypeError, ValueError, OverflowError):
                got, note = None, f"{where}.{key}: {_show(value)} is not a number; ignored"
        if note:
            notes.append(note)
        if got is not None:
            out[key] = got
    return out, notes


def _tuple(spec: Spec, raw, where):
    """``size`` numbers, each clamped; pairs are sorted so they read as [min, max]."""
    if isinstance(raw, str):
        raw = raw.split(":")
    try:
        values = [float(v) for v in raw]
    except (TypeError, ValueError):
        values = []
    if len(values) != spec.size or not all(map(math.isfinite, values)):
        return None, f"{where}: {_show(raw)} is not a list of {spec.size} numbers; ignored"
    values = [min(max(v, spec.lo), spec.hi) for v in values]
    return tuple(sorted(values) if spec.size == 2 else values), None


def _subset(spec: Spec, raw, default, where):
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    bad = [i for i in items if i not in spec.options]
    kept = tuple(o for o in spec.options if o in items)
    if not kept:
        return default, f"{where}: none of {_show(items)} is allowed; using {', '.join(default)}"
    note = f"{where}: ignored {_show(bad)} (not one of {', '.join(spec.options)})" if bad else None
    return kept, note


def _text(spec: Spec, raw, default, where):
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise ValueError
    clean = "".join(ch for ch in str(raw) if ch.isprintable())[: int(spec.hi or 80)]
    return clean, None if clean == str(raw) else f"{where}: text shortened or cleaned"


def _section(spec: Spec, raw, default, where):
    return read(spec.cls, raw, where)


_COERCE: dict[str, Callable] = {
    "number": _number,
    "integer": _integer,
    "choice": _choice,
    "flag": _flag,
    "weights": _weights,
    "subset": _subset,
    "text": _text,
    "section": _section,
}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ------------------------------------------------------------------------ writing


def to_dict(obj) -> dict:
    """Plain JSON-ready dict of a settings dataclass (tuples become lists)."""
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            value = to_dict(value)
        elif isinstance(value, dict):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def to_flat(obj, prefix: str = "") -> dict[str, str]:
    """Non-default settings as flat ``{url_key: text}`` pairs, for a shareable URL.

    Keys use each field's short ``url`` name; mapping entries become ``key.id``; a
    setting equal to its default is left out so links stay short.
    """
    out: dict[str, str] = {}
    for f in dataclasses.fields(obj):
        spec: Spec = f.metadata["spec"]
        key = _join(prefix, spec.url or f.name)
        value, default = getattr(obj, f.name), _default(f)
        if spec.kind == "section":
            out.update(to_flat(value, key))
        elif spec.kind == "weights":
            for k in sorted(set(value) | set(default)):
                if value.get(k) != default.get(k) and k in value:
                    out[f"{key}.{k}"] = _text_of(value[k])
        elif value != default:
            out[key] = _text_of(value)
    return out


def from_flat(cls, flat: Mapping[str, str], prefix: str = "") -> dict:
    """Inverse of :func:`to_flat`: nest the flat pairs back into a plain dict for :func:`read`."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        spec: Spec = f.metadata["spec"]
        key = _join(prefix, spec.url or f.name)
        if spec.kind == "section":
            sub = from_flat(spec.cls, flat, key)
            if sub:
                out[f.name] = sub
        elif spec.kind == "weights":
            entries = {k[len(key) + 1 :]: v for k, v in flat.items() if k.startswith(key + ".")}
            if entries:
                base = {k: v for k, v in _default(f).items()}
                base.update(entries)
                out[f.name] = base
        elif key in flat:
            out[f.name] = flat[key]
    return out


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return (":" if all(isinstance(v, float | int) for v in value) else ",").join(
            _text_of(v) for v in value
        )
    if isinstance(value, float):
        return repr(value)
    return str(value)
