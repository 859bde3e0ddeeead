"""Join codes, participant ids, and the checks every submission passes before it is stored.

Everything a participant sends is untrusted: it may come from a crafted request, not
our sliders. A submission is refused (:class:`scoring.errors.InputError`, with a
message a participant can act on) unless the workshop code is well formed, the
participant id is a token we could have issued, every weight names a measure of the
workshop and is a number from 0 to 10, an order names each measure at most once,
and names and notes are short. Control characters are stripped from text; text is
stored as given otherwise and only ever shown as plain text (a name such as
``<b>Ann</b>`` stays those ten characters).

Everything is checked *before* the database sees it, each problem with one message:
a NUL character (which PostgreSQL cannot store), an item of the wrong type (a list
where a measure name belongs, which would not even hash), or an oversize value (text
is measured before it is cleaned, so a megabyte name costs nothing to refuse).
"""

from __future__ import annotations

import hashlib
import math
import re
import reprlib
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from scoring.errors import InputError

# No 0/O, 1/I/L: codes are read off a projector and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NAME_MAX = 40
NOTE_MAX = 280
TITLE_MAX = 80
WEIGHT_MAX = 10.0
MAX_PARTICIPANTS = 300  # per workshop: a room, not a survey
PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{8,64}")  # whole string (fullmatch)
ID_MAX = 64  # measure ids and data ids
KEY_MAX = 64  # a facilitator key as issued is 24 characters


def new_code() -> str:
    """A random join code, e.g. ``K7M2QX`` (31^6, about 8.9e8 codes; from :mod:`secrets`)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_participant_id() -> str:
    """An unguessable participant id for the browser to keep (URL and session)."""
    return secrets.token_urlsafe(12)


def new_key() -> str:
    """The facilitator's key: whoever holds it sees the results and runs the workshop."""
    return secrets.token_urlsafe(18)


def key_hash(key: str) -> str:
    """SHA-256 of a facilitator key: the database never holds the key itself."""
    return hashlib.sha256(str(key).encode("utf-8", "replace")).hexdigest()


def normalise_code(text: object) -> str:
    """Upper-case a typed code and drop spaces and dashes; refuse anything else."""
    raw = text[:40] if isinstance(text, str) else ""
    code = re.sub(r"[\s-]", "", raw).upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        raise InputError(
            f"that is not a workshop code: codes are {CODE_LENGTH} letters and digits, such as "
            f"K7M2QX (no 0, O, 1, I or L). Check the code on the facilitator's screen.",
            where="workshop code",
        )
    return code


def clean_text(value: object, max_len: int, what: str) -> str:
    """Plain one-line text: control characters removed, spaces collapsed, length checked."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("must be text", where=what)
    if len(value) > 4 * max_len:  # refuse a huge value before spending time on it
        raise InputError(f"is {len(value)} characters long; the limit is {max_len}", where=what)
    if "\x00" in value:
        raise InputError("contains a NUL character (\\x00), which cannot be stored", where=what)
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in value
        if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn")
    )
    text = " ".join(text.split())
    if len(text) > max_len:
        raise InputError(f"is {len(text)} characters long; the limit is {max_len}", where=what)
    return text


def check_participant(participant: object) -> str:
    """A participant id as issued by :func:`new_participant_id`."""
    if not isinstance(participant, str) or not PARTICIPANT.fullmatch(participant):
        raise InputError(
            "this browser's participant id is not valid: open the join link again",
            where="participant",
        )
    return participant


def check_id(value: object, what: str) -> str:
    """A measure or data id: text of 1 to 64 characters, no control characters."""
    text = clean_text(value, ID_MAX, what)
    if not text or text != value:
        raise InputError("must be 1 to 64 characters without control characters", where=what)
    return text


def check_key(key: object) -> str | None:
    """A facilitator key as we could have issued it, or None (never a match)."""
    if isinstance(key, str) and 0 < len(key) <= KEY_MAX and "\x00" not in key:
        return key
    return None


@dataclass(frozen=True)
class Submission:
    """One participant's view: measure weights (0-10) or only an order, plus a name and note."""

    participant: str
    name: str = ""
    weights: Mapping[str, float] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    note: str = ""
    revision: int = 1
    updated: datetime | None = None

    @property
    def label(self) -> str:
        """The name, or an anonymous label made from the id."""
        return self.name or f"Participant {self.participant[:4]}"


def check(
    measures: Sequence[str],
    participant: object,
    *,
    name: object = "",
    weights: object = None,
    order: object = None,
    note: object = "",
) -> Submission:
    """Validate one submission against the workshop's ``measures``; see the module docstring."""
    known = set(measures)
    clean_weights = _weights(weights, measures) if weights else {}
    clean_order = _order(order, known) if order else ()
    if not clean_weights and not clean_order:
        raise InputError("give weights or put at least one measure in order", where="submission")
    return Submission(
        participant=check_participant(participant),
        name=clean_text(name, NAME_MAX, "name"),
        weights=clean_weights,
        order=clean_order,
        note=clean_text(note, NOTE_MAX, "note"),
    )


def _weights(weights: object, measures: Sequence[str]) -> dict[str, float]:
    if not isinstance(weights, Mapping):
        raise InputError("must be a mapping from measure to number", where="weights")
    if len(weights) > len(measures):
        raise InputError(
            f"{len(weights)} weights sent; this workshop has {len(measures)} measures",
            where="weights",
        )
    out = {}
    for key in weights:
        if key not in measures:
            raise InputError(f"{_show(key)} is not a measure of this workshop", where="weights")
    for m in measures:
        if m not in weights:
            raise InputError(
                f"no weight for {m!r}: give every measure a weight (0 leaves it out)",
                where="weights",
            )
        value = weights[m]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"the weight of {m!r} is not a number", where="weights")
        if isinstance(value, float) and not math.isfinite(value):  # (an int is never NaN)
            raise InputError(f"the weight of {m!r} is not a number", where="weights")
        if not 0 <= value <= WEIGHT_MAX:
            raise InputError(
                f"the weight of {m!r} must be from 0 to {WEIGHT_MAX:g}", where="weights"
            )
        out[m] = float(value)
    if sum(out.values()) <= 0:
        raise InputError(
            "every weight is zero: give at least one measure a weight", where="weights"
        )
    return out


def _order(order: object, known: set[str]) -> tuple[str, ...]:
    if isinstance(order, str | bytes) or not isinstance(order, Sequence):
        raise InputError("must be a list of measures, most important first", where="order")
    if len(order) > len(known):
        raise InputError(
            f"{len(order)} entries; this workshop has {len(known)} measures", where="order"
        )
    for item in order:
        if not isinstance(item, str):  # a list or dict here would not even hash
            raise InputError(f"{_show(item)} is not the name of a measure", where="order")
        if item not in known:
            raise InputError(f"{_show(item)} is not a measure of this workshop", where="order")
    if len(set(order)) != len(order):
        raise InputError("names a measure more than once", where="order")
    return tuple(order)


def _show(value: object) -> str:
    """A short, quoted, control-free rendering of untrusted input for a message."""
    raw = value if isinstance(value, str) else reprlib.repr(value)  # bounded, even if huge
    text = "".join(ch for ch in raw[:30] if ch.isalnum() or ch in "_-. ")
    return repr(text + ("..." if len(raw) > 30 else ""))
