"""A throwaway PostgreSQL cluster on localhost: for CI, the tests and the load benchmark.

Uses Debian's ``postgresql`` package (``apt-get install postgresql``); standard library
only, so CI can run it with the system Python before any virtual environment exists::

    python3 -m workshop.local_postgres start DIR   # prints the cluster's URL
    python3 -m workshop.local_postgres stop DIR

``start`` creates a cluster in the empty folder ``DIR`` (``initdb``), listening on
127.0.0.1 only, on a free port, with password authentication; a superuser ``ltl`` with a
random password; and a database ``ltl_test``. It prints the URL. Run as root, it runs
the server as the ``postgres`` user that the package creates (PostgreSQL refuses to run
as root). ``stop`` stops the server; the folder can then be removed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER, DATABASE = "ltl", "ltl_test"


class NoPostgres(RuntimeError):
    """PostgreSQL's programs are not installed, or the cluster could not start."""


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (``/usr/lib/postgresql/N/bin`` on Debian)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise NoPostgres(
        "PostgreSQL is not installed: install Debian's package (apt-get install postgresql)"
    )


def start(folder: str | os.PathLike) -> str:
    """Create and start a cluster in ``folder``; return its ``postgresql://`` URL."""
    folder = Path(folder).resolve()
    data, programs = folder / "data", bin_dir()
    password, port = secrets.token_hex(12), _free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "password").write_text(password, encoding="ascii")
    (folder / "password").chmod(0o600)
    _hand_over(folder)
    _run(programs / "initdb", "-D", data, "-U", USER, "--auth=scram-sha-256",
         f"--pwfile={folder / 'password'}", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200"
    _run(programs / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", options,
         "-w", "-t", "60", "start")  # fmt: skip
    env = {**os.environ, "PGPASSWORD": password}
    _run(programs / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE, env=env)
    return f"postgresql://{USER}:{password}@127.0.0.1:{port}/{DATABASE}"


def stop(folder: str | os.PathLike) -> None:
    """Stop the cluster in ``folder`` (nothing happens if it is not running)."""
    data = Path(folder).resolve() / "data"
    if (data / "postmaster.pid").exists():
        _run(bin_dir() / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """A cluster in a temporary folder for the ``with`` block; yields its URL."""
    folder = tempfile.mkdtemp(prefix="ltl-postgres-")
    try:
        yield start(folder)
    finally:
        stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _as_postgres() -> list[str]:
    """Run as the ``postgres`` user when we are root (PostgreSQL will not run as root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _hand_over(folder: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "password", "postgres")


def _run(*command, env=None) -> None:
    args = [*_as_postgres(), *map(str, command)]
    if env is not None and _as_postgres():  # runuser resets the environment; pass what we set
        args = [*_as_postgres(), "env", *(f"{k}={env[k]}" for k in ("PGPASSWORD",)),
                *map(str, command)]  # fmt: skip
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise NoPostgres(f"{Path(str(command[0])).name} failed: {' / '.join(detail)}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in Path(path).parts[-3].split(".") if p.isdigit())


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python3 -m workshop.local_postgres start|stop DIR", file=sys.stderr)
        return 2
    try:
        if argv[0] == "start":
            print(start(argv[1]))
        else:
            stop(argv[1])
    except (NoPostgres, OSError, subprocess.TimeoutExpired) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
