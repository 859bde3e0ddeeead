"""Workshops and submissions in a database: SQLite by default, PostgreSQL by URL.

One SQLAlchemy Core code path serves both. The database comes from the environment
variable ``LTL_WORKSHOP_DB``: a file path (SQLite; default ``workshop.sqlite3`` in
the repository root) or a URL such as ``postgresql+psycopg://user:pass@host/db``
(``postgresql://`` is read as psycopg 3). Tables (prefixed ``ltl_``) are created on
first use.

Why nothing is lost or counted twice:

* a submission's key is (workshop, participant id); the browser keeps the id, so a
  reload or a resubmission *updates* that row (an atomic ``INSERT ... ON CONFLICT DO
  UPDATE``, the same statement on both databases) and bumps its ``revision``;
* every write commits before it returns, so a restarted server reads it all back;
* SQLite runs in WAL mode with a 30 s busy timeout, and write transactions start
  with ``BEGIN IMMEDIATE`` so concurrent writers queue for the lock instead of
  failing (a deferred transaction that reads first cannot wait for it).
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite

from scoring.errors import InputError
from workshop import submission as sub

ENV = "LTL_WORKSHOP_DB"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "workshop.sqlite3"
BUSY_TIMEOUT_S = 30

metadata = sa.MetaData()
workshops = sa.Table(
    "ltl_workshops",
    metadata,
    sa.Column("code", sa.String(sub.CODE_LENGTH), primary_key=True),
    sa.Column("title", sa.String(sub.TITLE_MAX), nullable=False),
    sa.Column("measures", sa.Text, nullable=False),  # JSON [[id, label], ...]
    sa.Column("data", sa.String(64), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)
submissions = sa.Table(
    "ltl_submissions",
    metadata,
    sa.Column(
        "workshop",
        sa.String(sub.CODE_LENGTH),
        sa.ForeignKey("ltl_workshops.code", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("participant", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(sub.NAME_MAX), nullable=False),
    sa.Column("weights", sa.Text, nullable=False),  # JSON {measure: 0-10}
    sa.Column("ordering", sa.Text, nullable=False),  # JSON [measure, ...]
    sa.Column("note", sa.String(sub.NOTE_MAX), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
)
_INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class StoreUnavailable(RuntimeError):
    """The workshop database cannot be reached or used."""


@dataclass(frozen=True)
class Workshop:
    """An open (or closed) workshop; ``measures`` maps measure id -> label, in order."""

    code: str
    title: str
    measures: Mapping[str, str]
    data: str
    is_open: bool
    created: datetime


def database_url(value: str | None = None) -> str:
    """The SQLAlchemy URL for ``value`` (default: ``$LTL_WORKSHOP_DB``, else the default file)."""
    value = (os.environ.get(ENV, "") if value is None else value).strip()
    if "://" in value:
        for prefix in ("postgresql://", "postgres://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value
    path = Path(value).expanduser() if value else DEFAULT_PATH
    return f"sqlite:///{path.resolve()}"


class Store:
    """The workshop database. Thread-safe: share one per process."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        parsed = sa.make_url(self.url)
        self.shown_url = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() not in _INSERT:
            raise StoreUnavailable(f"{self.shown_url}: only SQLite and PostgreSQL are supported")
        if parsed.get_backend_name() == "sqlite":
            self.engine = _sqlite_engine(parsed)
        else:
            self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        self._insert = _INSERT[parsed.get_backend_name()]
        with self._guard():
            metadata.create_all(self.engine, checkfirst=True)

    def dispose(self) -> None:
        """Close every pooled connection (a server shutting down)."""
        self.engine.dispose()

    # ------------------------------------------------------------------ workshops
    def open_workshop(
        self, title: str, measures: Mapping[str, str], data: str
    ) -> tuple[Workshop, str]:
        """Create a workshop; return it and the facilitator key (shown once, stored hashed)."""
        title = sub.clean_text(title, sub.TITLE_MAX, "title") or "Workshop"
        pairs = [
            [str(k)[:64], sub.clean_text(str(v)[:80], 80, "measure label")]
            for k, v in measures.items()
        ]
        if not pairs:
            raise InputError("a workshop needs at least one measure", where="measures")
        key = sub.new_key()
        for _ in range(8):  # a clash among 8.9e8 codes is rare; try again if it happens
            row = dict(
                code=sub.new_code(),
                title=title,
                measures=json.dumps(pairs),
                data=str(data)[:64],
                key_hash=sub.key_hash(key),
                is_open=True,
                created=_now(),
            )
            try:
                with self._write() as conn:
                    conn.execute(workshops.insert().values(**row))
                return _workshop(row), key
            except exc.IntegrityError:
                continue
        raise StoreUnavailable("could not find a free workshop code; try again")

    def workshop(self, code: object) -> Workshop:
        """The workshop with this code; :class:`InputError` if there is none."""
        code = sub.normalise_code(code)
        with self._read() as conn:
            row = (
                conn.execute(sa.select(workshops).where(workshops.c.code == code))
                .mappings()
                .first()
            )
        if row is None:
            raise InputError(
                f"no workshop has the code {code}. Check it on the facilitator's screen.",
                where="workshop code",
            )
        return _workshop(row)

    def is_facilitator(self, code: object, key: object) -> bool:
        """Whether ``key`` is this workshop's facilitator key (constant-time comparison)."""
        try:
            code = sub.normalise_code(code)
        except InputError:
            return False
        with self._read() as conn:
            stored = conn.execute(
                sa.select(workshops.c.key_hash).where(workshops.c.code == code)
            ).scalar()
        return stored is not None and hmac.compare_digest(stored, sub.key_hash(str(key)))

    def set_open(self, code: str, key: str, is_open: bool) -> None:
        """Open or close a workshop to submissions (facilitator only)."""
        self._require_key(code, key)
        with self._write() as conn:
            conn.execute(workshops.update().where(workshops.c.code == code).values(is_open=is_open))

    # ---------------------------------------------------------------- submissions
    def submit(
        self,
        code: object,
        participant: object,
        *,
        name: object = "",
        weights: object = None,
        order: object = None,
        note: object = "",
    ) -> sub.Submission:
        """Validate and store a submission; a participant's later submission replaces the earlier.

        Raises :class:`InputError` with a message for the participant if the code is
        unknown, the workshop is closed or full, or anything in the submission is bad.
        """
        ws = self.workshop(code)
        checked = sub.check(
            list(ws.measures), participant, name=name, weights=weights, order=order, note=note
        )
        row = dict(
            workshop=ws.code,
            participant=checked.participant,
            name=checked.name,
            weights=json.dumps(checked.weights),
            ordering=json.dumps(list(checked.order)),
            note=checked.note,
            revision=1,
            updated=_now(),
        )
        stmt = self._insert(submissions).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[submissions.c.workshop, submissions.c.participant],
            set_={
                **{c: stmt.excluded[c] for c in ("name", "weights", "ordering", "note", "updated")},
                "revision": submissions.c.revision + 1,
            },
        )
        with self._write() as conn:
            state = conn.execute(
                sa.select(workshops.c.is_open).where(workshops.c.code == ws.code)
            ).scalar()
            if not state:
                raise InputError(
                    "the facilitator has closed this workshop to new submissions", where="workshop"
                )
            if self._count(conn, ws.code, checked.participant) >= sub.MAX_PARTICIPANTS:
                raise InputError(
                    f"this workshop is full ({sub.MAX_PARTICIPANTS} participants)", where="workshop"
                )
            conn.execute(stmt)
        return self.submission(ws.code, checked.participant)

    def submission(self, code: str, participant: str) -> sub.Submission | None:
        """One participant's stored submission, or None."""
        with self._read() as conn:
            row = (
                conn.execute(
                    sa.select(submissions).where(
                        (submissions.c.workshop == code)
                        & (submissions.c.participant == str(participant))
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else _submission(row)

    def submissions(self, code: str) -> list[sub.Submission]:
        """Every submission of a workshop, oldest update first."""
        query = (
            sa.select(submissions)
            .where(submissions.c.workshop == code)
            .order_by(submissions.c.updated, submissions.c.participant)
        )
        with self._read() as conn:
            return [_submission(r) for r in conn.execute(query).mappings()]

    def remove(self, code: str, key: str, participant: str) -> None:
        """Delete one participant's submission (facilitator only)."""
        self._require_key(code, key)
        with self._write() as conn:
            conn.execute(
                submissions.delete().where(
                    (submissions.c.workshop == code) & (submissions.c.participant == participant)
                )
            )

    # ------------------------------------------------------------------ plumbing
    def _require_key(self, code: str, key: str) -> None:
        if not self.is_facilitator(code, key):
            raise InputError("only the facilitator can do this", where="workshop")

    @staticmethod
    def _count(conn, code: str, participant: str) -> int:
        """Participants other than ``participant`` (a resubmission never makes a room full)."""
        return conn.execute(
            sa.select(sa.func.count())
            .select_from(submissions)
            .where((submissions.c.workshop == code) & (submissions.c.participant != participant))
        ).scalar()

    def _read(self):
        return _Transaction(self, write=False)

    def _write(self):
        return _Transaction(self, write=True)

    def _guard(self):
        return _Transaction(self, write=None)


class _Transaction:
    """``with`` block: a transaction (none for ``write=None``), database errors translated."""

    def __init__(self, store: Store, write: bool | None) -> None:
        self.store, self.write, self.conn = store, write, None

    def __enter__(self):
        if self.write is None:
            return None
        try:
            self.conn = self.store.engine.connect().execution_options(ltl_write=self.write)
            self.conn.begin()
        except exc.OperationalError as error:
            self._fail(error)
        return self.conn

    def __exit__(self, kind, error, tb):
        if self.conn is not None:
            try:
                if kind is None:
                    self.conn.commit()
                else:
                    self.conn.rollback()
            except exc.OperationalError as failed:  # e.g. still locked after the busy timeout
                error = failed
            finally:
                self.conn.close()
        if isinstance(error, exc.OperationalError):
            self._fail(error)
        return False

    def _fail(self, error: Exception):
        detail = str(getattr(error, "orig", error)).splitlines()[0][:200]
        raise StoreUnavailable(
            f"the workshop database ({self.store.shown_url}) failed: {detail}"
        ) from error


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        pool_size=10,
        max_overflow=30,
        pool_timeout=60,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (SQLAlchemy's recipe)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("ltl_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _workshop(row: Mapping) -> Workshop:
    return Workshop(
        code=row["code"],
        title=row["title"],
        measures=dict(json.loads(row["measures"])),
        data=row["data"],
        is_open=bool(row["is_open"]),
        created=_utc(row["created"]),
    )


def _submission(row: Mapping) -> sub.Submission:
    return sub.Submission(
        participant=row["participant"],
        name=row["name"],
        weights=json.loads(row["weights"]),
        order=tuple(json.loads(row["ordering"])),
        note=row["note"],
        revision=int(row["revision"]),
        updated=_utc(row["updated"]),
    )
