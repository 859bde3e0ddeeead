"""A result cache for the command line: the same command on the same inputs answers at once.

``python -m scoring rank`` spends most of its time importing pandas and numpy, not ranking.
A repeat of a command on unchanged inputs replays what the first run printed (stdout,
stderr, in the order written) without importing either. An answer can never be stale:

- an entry's name is a blake2b hash of the parsed options (command, every option's value),
  the content of every option that names a file (``--data``, ``--scenario``), the Python
  version and the name of every installed distribution (``pandas-3.1.1.dist-info`` ...);
- the entry lists every file the first run depended on, each with the blake2b hash of its
  content: every module of the ``scoring`` package it had imported and every other file it
  opened (the sample data, your files), seen through an audit hook (:func:`sys.addaudithook`),
  and the names in every package folder it imported from (a module added is seen). A replay
  re-hashes each one and computes afresh if any differs. A run that opened a file for
  writing, read a pipe (``--scenario /dev/stdin``) or wrote to stdout's binary buffer is not
  stored.

Only runs that end with status 0 are stored. The cache lives in ``$LEAGUE_TABLE_CACHE``, else
``$XDG_CACHE_HOME/league-table-lab``, else ``~/.cache/league-table-lab``; it keeps the
:data:`MAX_ENTRIES` most recently used answers, each at most :data:`MAX_ENTRY_BYTES`. Any
failure of the cache itself (a directory that cannot be written, a corrupt entry) means the
command is computed as if there were no cache; an entry another user wrote is never replayed.
``--no-cache`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable

FORMAT = 2  # bump when the entry layout changes
MAX_ENTRIES = 64
MAX_ENTRY_BYTES = 1 << 20
MAX_INPUT_BYTES = 64 << 20  # larger input files are not hashed, and not cached
# Not pathlib: it imports urllib, which alone costs a cached answer a fifth of its time.
PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "")
# Files read from here belong to the Python installation (its version and the installed
# distributions are in the key) or to the system (time zones, CPU limits), not to the answer.
# Not /dev: a scenario read from /dev/stdin is an input, and no pipe is ever cached.
SYSTEM = tuple(
    {os.path.join(os.path.realpath(p), "") for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    | {os.path.join(p, "") for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    | {"/proc/", "/sys/", "/etc/", "/usr/share/zoneinfo/"}
)
# Attributes of stdout/stderr that a command may read without bypassing the capture (pandas
# reads the encoding when imported). Not isatty: output that differs on a terminal is not stored.
HARMLESS = frozenset({"encoding", "errors", "newlines", "closed", "writable", "readable",
                      "seekable", "name", "mode", "line_buffering"})  # fmt: skip


def directory() -> str:
    """Where entries live (see the module docstring)."""
    if os.environ.get("LEAGUE_TABLE_CACHE"):
        return os.environ["LEAGUE_TABLE_CACHE"]
    home = os.path.expanduser("~")
    if not os.environ.get("XDG_CACHE_HOME") and home == "~":
        raise OSError("no home folder for the result cache")  # never a "~" folder here
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "league-table-lab")


def file_hash(path: str) -> str | None:
    """blake2b of a file's content, read in chunks; None when unreadable, too large or not a
    regular file (a pipe, /dev/stdin, a folder: its content cannot be checked again)."""
    try:
        info = os.stat(path)  # before opening: opening a pipe would wait for a writer
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_INPUT_BYTES:
            return None
        with open(path, "rb") as handle:
            digest = hashlib.blake2b(digest_size=20)
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
    except OSError:
        return None


def content_hash(path: str) -> str | None:
    """:func:`file_hash` of a file; of a folder (a path ending in a separator), a hash of the
    names in it, so that a module added to or removed from a package is seen."""
    if not path.endswith(os.sep):
        return file_hash(path)
    try:
        names = sorted(n for n in os.listdir(path) if n != "__pycache__")
    except OSError:
        return None
    return hashlib.blake2b("\n".join(names).encode(), digest_size=20).hexdigest()


def _distributions() -> list[str]:
    """Names of the installed distributions' metadata folders: their versions, without importing."""
    names = []
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")):
            try:
                names += sorted(
                    n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info"))
                )
            except OSError:
                continue
    return names


def key(options: dict) -> str | None:
    """The entry name for a command's parsed ``options``; None when it cannot be cached.

    Every option value that names a file (or ``FILE#SHEET``) brings the file's absolute path
    and content hash into the key; one that names anything else that exists (a pipe, a
    folder) makes the command uncacheable.
    """
    files = {}
    for value in options.values():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            for candidate in {item, item.rsplit("#", 1)[0]}:
                if candidate and os.path.exists(candidate):
                    digest = file_hash(candidate)
                    if digest is None:
                        return None
                    files[os.path.abspath(candidate)] = digest
    described = {"format": FORMAT, "options": options, "files": files, "python": sys.version,
                 "executable": sys.executable, "distributions": _distributions()}  # fmt: skip
    text = json.dumps(described, sort_keys=True, default=repr)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def replay(name: str) -> int | None:
    """Write a stored answer and return its exit status; None when there is no valid entry."""
    path = os.path.join(directory(), f"{name}.json")
    try:
        with open(path, "rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # someone else's answer, in a shared folder: never trusted
            entry = json.loads(handle.read())
        if entry["format"] != FORMAT:
            return None
        if any(content_hash(path) != digest for path, digest in entry["depends"]):
            return None
        chunks, status = [(int(s), str(t)) for s, t in entry["written"]], int(entry["status"])
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a corrupt or unreadable entry: compute afresh
        _remove(path)
        return None
    for stream, text in chunks:
        (sys.stdout if stream == 1 else sys.stderr).write(text)
    try:
        os.utime(path)  # most recently used: pruned last
    except OSError:
        pass
    return status


class _Recorder:
    """Records what a run writes and which files it opens, while the run goes on as usual."""

    hooked = False
    active: _Recorder | None = None

    def __init__(self) -> None:
        self.written: list[list] = []
        self.opened: dict[str, tuple | None] = {}  # path: its state when opened
        self.clean = True  # False: the run did something a replay would not reproduce

    @classmethod
    def audit(cls, event: str, args: tuple) -> None:
        if event == "open" and cls.active is not None:
            cls.active.open(*args[:3])

    def open(self, path, mode, flags) -> None:
        if not isinstance(path, str | bytes | os.PathLike):
            return  # an already open descriptor
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT
        if (
            isinstance(mode, str)
            and any(c in mode for c in "wax+")
            or (mode is None and isinstance(flags, int) and flags & writes)
        ):
            self.clean = False  # the run wrote a file: a replay would not
            return
        path = os.path.abspath(os.fsdecode(path))
        self.opened.setdefault(path, _state(path))

    def depends(self) -> list[tuple[str, str]] | None:
        """Every file the run depended on with its content hash, and the package folders it
        imported from with the names in them; None if one cannot be hashed."""
        modules = {
            os.path.abspath(m.__file__)
            for m in list(sys.modules.values())
            if isinstance(getattr(m, "__file__", None), str)
            and os.path.abspath(m.__file__).startswith(PACKAGE)
        }
        files = {p for p in self.opened if not p.startswith(SYSTEM) and "__pycache__" not in p}
        if any(_state(p) != self.opened[p] for p in files):
            return None  # changed since the run read it: the hash now would not be what it read
        folders = {PACKAGE} | {os.path.join(os.path.dirname(m), "") for m in modules}
        out = []
        for path in sorted(modules | files | folders):
            digest = content_hash(path)
            if digest is None:
                return None
            out.append((path, digest))
        return out


def _state(path: str) -> tuple | None:
    """What changes when a file is written: size, times (ctime cannot be set back), inode."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


class _Tee:
    """Stands in for stdout or stderr: writes go through, and are recorded."""

    def __init__(self, target, stream: int, recorder: _Recorder) -> None:
        self._target, self._stream, self._recorder = target, stream, recorder

    def write(self, text: str) -> int:
        written = self._recorder.written
        if written and written[-1][0] == self._stream:
            written[-1][1] += text
        else:
            written.append([self._stream, text])
        return self._target.write(text)

    def flush(self) -> None:
        self._target.flush()

    def __getattr__(self, name: str):
        if name not in HARMLESS:  # e.g. .buffer or .fileno(): output the recorder would miss
            self._recorder.clean = False
        return getattr(self._target, name)


def run(options: dict, compute: Callable[[], int]) -> int:
    """Answer from the cache when it can, else ``compute()`` and store a successful answer."""
    try:
        name = key(options)
        status = None if name is None else replay(name)
    except Exception:  # noqa: BLE001 - the cache never stops a command
        name = status = None
    if status is not None:
        return status
    if name is None:
        return compute()
    recorder = _Recorder()
    if not _Recorder.hooked:
        sys.addaudithook(_Recorder.audit)  # cannot be removed: it does nothing when inactive
        _Recorder.hooked = True
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Tee(out, 1, recorder), _Tee(err, 2, recorder)
    _Recorder.active = recorder
    try:
        status = compute()
    finally:
        _Recorder.active = None
        sys.stdout, sys.stderr = out, err
    if status == 0 and recorder.clean:
        try:
            store(name, options, recorder)
        except Exception:  # noqa: BLE001, S110 - the answer is printed; storing it is a bonus
            pass
    return status


def store(name: str, options: dict, recorder: _Recorder) -> None:
    """Write an entry atomically (a temporary file, then :func:`os.replace`), then prune."""
    depends = recorder.depends()
    if depends is None or key(options) != name:  # an input changed while the command ran
        return
    data = json.dumps(
        {"format": FORMAT, "status": 0, "written": recorder.written, "depends": depends}
    )
    if len(data) > MAX_ENTRY_BYTES:
        return
    folder = directory()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(temporary, os.path.join(folder, f"{name}.json"))
    finally:
        _remove(temporary)
    prune(folder)


def prune(folder: str, keep: int | None = None) -> None:
    """Remove all but the ``keep`` (default :data:`MAX_ENTRIES`) most recently used entries,
    and temporary files an interrupted write left over an hour ago."""
    keep = MAX_ENTRIES if keep is None else keep
    entries = []
    for entry in os.scandir(folder):
        try:
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                entries.append((entry.stat().st_mtime_ns, entry.path))
            elif entry.name.endswith(".tmp") and entry.stat().st_mtime < time.time() - 3600:
                _remove(entry.path)
        except OSError:
            continue
    for _, path in sorted(entries, reverse=True)[keep:]:
        _remove(path)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
