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

Why a full room stays full: a submission reads the workshop's row ``FOR UPDATE``
(PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already admits one writer at a time), then
counts and inserts in the same transaction, so two servers cannot both take the last
place.

Why codes are hard to guess: a code has 31^6 (about 8.9e8) values, and every lookup by
code (:meth:`Store.join`) is counted per client (a network address) in the database,
so all servers share the count: at most :data:`ATTEMPTS_PER_MINUTE` lookups a minute,
and :data:`MISSES_BEFORE_LOCKOUT` wrong codes within :data:`MISS_WINDOW` lock the
client out for :data:`LOCKOUT`.

Retention: a workshop and its answers are deleted :data:`EXPIRY` (30 days) after it
opens, or earlier by its facilitator.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite

from scoring.errors import InputError
from workshop import submission as sub

ENV = "LTL_WORKSHOP_DB"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "workshop.sqlite3"
BUSY_TIMEOUT_S = 30
POOL_ENV, POOL_DEFAULT = "LTL_WORKSHOP_POOL", 5  # PostgreSQL connections per server (+ as many)
EXPIRY = timedelta(days=30)  # a workshop and its answers are deleted 30 days after it opens
ATTEMPTS_PER_MINUTE = 600  # lookups by code per client: a room behind one address fits
MISSES_BEFORE_LOCKOUT = 10  # wrong codes per client within MISS_WINDOW ...
MISS_WINDOW = timedelta(minutes=10)
LOCKOUT = timedelta(minutes=15)  # ... lock it out this long

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
    sa.Column("expires", sa.DateTime(timezone=True)),  # NULL only in a table being migrated
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
join_limits = sa.Table(  # lookups by code per client, shared by every server
    "ltl_join_limits",
    metadata,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("minute_start", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("miss_start", sa.DateTime(timezone=True), nullable=False),
    sa.Column("misses", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
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
    expires: datetime


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
    """The workshop database. Thread-safe: share one per process.

    ``clock`` (a function returning an aware UTC datetime) is for tests of expiry and
    lockout; the app uses the real time.
    """

    def __init__(self, url: str | None = None, *, clock=None) -> None:
        self.url = database_url(url)
        self.clock = clock or _now
        parsed = sa.make_url(self.url)
        self.shown_url = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() not in _INSERT:
            raise StoreUnavailable(f"{self.shown_url}: only SQLite and PostgreSQL are supported")
        if parsed.get_backend_name() == "sqlite":
            self.engine = _sqlite_engine(parsed)
        else:
            size = pool_size()
            self.engine = sa.create_engine(
                parsed, pool_pre_ping=True, pool_size=size, max_overflow=size, pool_timeout=60
            )
        self._insert = _INSERT[parsed.get_backend_name()]
        with self._write() as conn:
            if self.engine.dialect.name == "postgresql":  # servers starting together take turns
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7402815)"))
            metadata.create_all(conn, checkfirst=True)
            _migrate(conn)

    def dispose(self) -> None:
        """Close every pooled connection (a server shutting down)."""
        self.engine.dispose()

    # ------------------------------------------------------------------ workshops
    def open_workshop(
        self, title: str, measures: Mapping[str, str], data: str
    ) -> tuple[Workshop, str]:
        """Create a workshop; return it and the facilitator key (shown once, stored hashed).

        Workshops past their expiry are deleted first.
        """
        title = sub.clean_text(title, sub.TITLE_MAX, "title") or "Workshop"
        if not isinstance(measures, Mapping) or not 0 < len(measures) <= 50:
            raise InputError("a workshop needs 1 to 50 measures", where="measures")
        pairs = [
            [sub.check_id(k, "measure id"), sub.clean_text(v, 80, "measure label") or k]
            for k, v in measures.items()
        ]
        data = sub.clean_text(data, sub.ID_MAX, "data id")
        self.purge_expired()
        key = sub.new_key()
        for _ in range(8):  # a clash among 8.9e8 codes is rare; try again if it happens
            created = self.clock()
            row = dict(
                code=sub.new_code(),
                title=title,
                measures=json.dumps(pairs),
                data=data,
                key_hash=sub.key_hash(key),
                is_open=True,
                created=created,
                expires=created + EXPIRY,
            )
            try:
                with self._write() as conn:
                    conn.execute(workshops.insert().values(**row))
                return _workshop(row), key
            except exc.IntegrityError:
                continue
        raise StoreUnavailable("could not find a free workshop code; try again")

    def workshop(self, code: object) -> Workshop:
        """The workshop with this code; :class:`InputError` if there is none (or it expired).

        Not rate-limited: use :meth:`join` for a code that a client typed or brought.
        """
        code = sub.normalise_code(code)
        with self._read() as conn:
            found = self._find(conn, code)
        if found is None:
            raise _no_such(code)
        return found

    def join(self, code: object, client: str) -> Workshop:
        """:meth:`workshop`, counted against ``client`` (rate limit, lockout after misses).

        ``client`` names where the request comes from (the app uses the network address);
        every server shares the counts through the database.
        """
        code = sub.normalise_code(code)
        client = sub.clean_text(str(client)[:64], 64, "client") or "unknown"
        now = self.clock()
        with self._write() as conn:
            conn.execute(
                self._insert(join_limits)
                .values(client=client, minute_start=now, attempts=0, miss_start=now, misses=0)
                .on_conflict_do_nothing(index_elements=[join_limits.c.client])
            )
            limit = dict(
                conn.execute(
                    sa.select(join_limits).where(join_limits.c.client == client).with_for_update()
                )
                .mappings()
                .one()
            )
            refusal, found = _limit_refusal(limit, now), None
            if refusal is None:
                if now - _utc(limit["minute_start"]) >= timedelta(minutes=1):
                    limit.update(minute_start=now, attempts=0)
                if now - _utc(limit["miss_start"]) >= MISS_WINDOW:
                    limit.update(miss_start=now, misses=0)
                limit["attempts"] += 1
                found = self._find(conn, code)
                if found is None:
                    limit["misses"] += 1
                    if limit["misses"] >= MISSES_BEFORE_LOCKOUT:
                        limit["locked_until"] = now + LOCKOUT
                conn.execute(
                    join_limits.update().where(join_limits.c.client == client).values(**limit)
                )
        if refusal is not None:
            raise refusal
        if found is None:
            raise _no_such(code)
        return found

    def is_facilitator(self, code: object, key: object) -> bool:
        """Whether ``key`` is this workshop's facilitator key (constant-time comparison)."""
        key = sub.check_key(key)
        try:
            code = sub.normalise_code(code)
        except InputError:
            return False
        if key is None:
            return False
        with self._read() as conn:
            stored = conn.execute(
                sa.select(workshops.c.key_hash).where(workshops.c.code == code)
            ).scalar()
        return stored is not None and hmac.compare_digest(stored, sub.key_hash(key))

    def set_open(self, code: str, key: str, is_open: bool) -> None:
        """Open or close a workshop to submissions (facilitator only)."""
        code = self._require_key(code, key)
        with self._write() as conn:
            conn.execute(
                workshops.update().where(workshops.c.code == code).values(is_open=bool(is_open))
            )

    def delete_workshop(self, code: str, key: str) -> None:
        """Delete a workshop and every answer in it (facilitator only; cannot be undone)."""
        code = self._require_key(code, key)
        with self._write() as conn:
            conn.execute(submissions.delete().where(submissions.c.workshop == code))
            conn.execute(workshops.delete().where(workshops.c.code == code))

    def purge_expired(self) -> int:
        """Delete workshops past their expiry, with their answers, and stale join counts.

        Returns the number of workshops deleted.
        """
        now = self.clock()
        with self._write() as conn:
            gone = conn.execute(
                sa.select(workshops.c.code).where(workshops.c.expires <= now)
            ).scalars().all()
            if gone:
                conn.execute(submissions.delete().where(submissions.c.workshop.in_(gone)))
                conn.execute(workshops.delete().where(workshops.c.code.in_(gone)))
            stale = now - max(MISS_WINDOW, LOCKOUT, timedelta(minutes=1))
            conn.execute(
                join_limits.delete().where(
                    (join_limits.c.miss_start < stale)
                    & (join_limits.c.minute_start < stale)
                    & sa.or_(join_limits.c.locked_until.is_(None), join_limits.c.locked_until < now)
                )
            )
        return len(gone)

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
        Everything is checked before the database sees it.
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
            updated=self.clock(),
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
            # The row lock makes count-then-insert one step for every server (PostgreSQL);
            # SQLite's BEGIN IMMEDIATE already lets one writer in at a time.
            state = conn.execute(
                sa.select(workshops.c.is_open).where(workshops.c.code == ws.code).with_for_update()
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

    def submission(self, code: object, participant: object) -> sub.Submission | None:
        """One participant's stored submission, or None."""
        code, participant = sub.normalise_code(code), sub.check_participant(participant)
        with self._read() as conn:
            row = (
                conn.execute(
                    sa.select(submissions).where(
                        (submissions.c.workshop == code)
                        & (submissions.c.participant == participant)
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else _submission(row)

    def submissions(self, code: object) -> list[sub.Submission]:
        """Every submission of a workshop, oldest update first."""
        query = (
            sa.select(submissions)
            .where(submissions.c.workshop == sub.normalise_code(code))
            .order_by(submissions.c.updated, submissions.c.participant)
        )
        with self._read() as conn:
            return [_submission(r) for r in conn.execute(query).mappings()]

    def remove(self, code: str, key: str, participant: str) -> None:
        """Delete one participant's submission (facilitator only)."""
        code = self._require_key(code, key)
        participant = sub.check_participant(participant)
        with self._write() as conn:
            conn.execute(
                submissions.delete().where(
                    (submissions.c.workshop == code) & (submissions.c.participant == participant)
                )
            )

    # ------------------------------------------------------------------ plumbing
    def _require_key(self, code: object, key: object) -> str:
        if not self.is_facilitator(code, key):
            raise InputError("only the facilitator can do this", where="workshop")
        return sub.normalise_code(code)

    def _find(self, conn, code: str) -> Workshop | None:
        row = (
            conn.execute(
                sa.select(workshops).where(
                    (workshops.c.code == code) & (workshops.c.expires > self.clock())
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else _workshop(row)

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


def pool_size() -> int:
    """Connections each server keeps open to PostgreSQL (``LTL_WORKSHOP_POOL``, default 5).

    A server may open as many again at a peak, so N servers use up to 2 × N × this.
    """
    value = os.environ.get(POOL_ENV, "").strip()
    try:
        size = int(value) if value else POOL_DEFAULT
    except ValueError:
        raise StoreUnavailable(f"{POOL_ENV} must be a whole number, not {value[:20]!r}") from None
    if not 1 <= size <= 100:
        raise StoreUnavailable(f"{POOL_ENV} must be from 1 to 100, not {size}")
    return size


def _no_such(code: str) -> InputError:
    return InputError(
        f"no workshop has the code {code}. Check it on the facilitator's screen "
        f"(workshops are deleted {EXPIRY.days} days after they open).",
        where="workshop code",
    )


def _limit_refusal(limit: Mapping, now: datetime) -> InputError | None:
    """Why this client may not look up a code now, or None."""
    locked = limit["locked_until"]
    if locked is not None and _utc(locked) > now:
        minutes = max(1, round((_utc(locked) - now).total_seconds() / 60))
        return InputError(
            f"too many wrong codes from your network: joining is paused for {minutes} more "
            "minute(s). Check the code on the facilitator's screen, or use the join link.",
            where="workshop code",
        )
    fresh = now - _utc(limit["minute_start"]) < timedelta(minutes=1)
    if fresh and limit["attempts"] >= ATTEMPTS_PER_MINUTE:
        return InputError(
            "too many attempts to join from your network in the last minute: wait a minute "
            "and try again.",
            where="workshop code",
        )
    return None


def _migrate(conn) -> None:
    """Bring a table made by an earlier version up to date (it had no expiry)."""
    columns = {c["name"] for c in sa.inspect(conn).get_columns("ltl_workshops")}
    if "expires" not in columns:
        kind = workshops.c.expires.type.compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE ltl_workshops ADD COLUMN expires {kind}"))
    missing = conn.execute(
        sa.select(workshops.c.code, workshops.c.created).where(workshops.c.expires.is_(None))
    ).all()
    for code, created in missing:
        conn.execute(
            workshops.update()
            .where(workshops.c.code == code)
            .values(expires=_utc(created) + EXPIRY)
        )


class _Transaction:
    """``with`` block: a transaction, database errors translated."""

    def __init__(self, store: Store, write: bool) -> None:
        self.store, self.write, self.conn = store, write, None

    def __enter__(self):
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
        expires=_utc(row["expires"]),
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
