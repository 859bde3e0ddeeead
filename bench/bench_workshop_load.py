"""Load test: a room of simulated participants answering through two app servers at once.

Run ``python bench/bench_workshop_load.py [--participants 300] [--servers 2]
[--concurrency 60]``. It starts PostgreSQL (``LTL_TEST_POSTGRES_URL`` if set, else a
throwaway cluster on localhost, see :mod:`workshop.local_postgres`), starts the app
servers on free localhost ports sharing that database, opens a workshop, and sends the
participants round-robin to the servers. Prints participants, wall time, the servers'
CPU time, lost and doubled answers, and the ratio of the time to the 60 s budget
(below 1 is within it). Localhost only; bounded in count and time.

Each simulated participant is a real Streamlit session: it speaks the browser's own
protocol (protobuf messages over the ``/_stcore/stream`` WebSocket), opens the join
link (one script run), sets its sliders and presses *Submit my answer* (a second run),
and reads the page's answer. So every participant goes through a server's session,
the page script, the submission checks and the database, as from a phone.

*Lost*: a participant whose stored answer is missing or not the one sent. *Doubled*:
a stored row that does not belong to exactly one participant's one submission (a
second row, or a revision above 1). Both must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e")]

import websockets  # noqa: E402  (a dependency of streamlit)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

BUDGET_S = 60.0
MEASURES = ("homicide", "serious_violence", "drugs", "neighbourhood", "cyber",
            "victim_satisfaction")  # fmt: skip
RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


@dataclass(frozen=True)
class Outcome:
    participant: str
    weights: dict[str, float]
    answer: str  # "in", or what the page said instead


def weights_of(i: int) -> dict[str, float]:
    """Participant ``i``'s weights: distinct per participant, so a mix-up shows."""
    return {m: float((i * (k + 3)) % 11) for k, m in enumerate(MEASURES)} | {"homicide": 10.0}


async def participant(server: str, code: str, i: int, timeout: float = 60) -> Outcome:
    """One participant: open the join link on ``server``, set the weights, submit."""
    pid = f"loadtest-{i:05d}"
    weights = weights_of(i)
    query = f"join={code}&pid={pid}"
    uri = server.replace("http", "ws", 1) + "/_stcore/stream"
    async with asyncio.timeout(timeout):
        async with websockets.connect(uri, subprotocols=["streamlit"], max_size=2**24) as ws:
            first = await _run(ws, query, [])
            states = []
            for element in first:
                kind = element.WhichOneof("type")
                if kind == "slider" and element.slider.id.rsplit("-", 1)[-1].startswith("p_w_"):
                    value = weights[element.slider.id.rsplit("-p_w_", 1)[-1]]
                    states.append(WidgetState(id=element.slider.id))
                    states[-1].double_array_value.data.append(value)
                elif kind == "button" and element.button.label == "Submit my answer":
                    states.append(WidgetState(id=element.button.id, trigger_value=True))
            if len(states) != len(MEASURES) + 1:
                return Outcome(pid, weights, "no form: " + _alerts(first))
            second = await _run(ws, query, states)
    said = _alerts(second)
    return Outcome(pid, weights, "in" if "your answer is in" in said else said or "no answer")


async def _run(ws, query: str, states: list[WidgetState], page: str = "workshop") -> list:
    """Ask for a script run of ``page`` with these widget states; return the elements it drew."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.widget_states.widgets.extend(states)
    await ws.send(msg.SerializeToString())
    elements = []
    while True:
        forward = ForwardMsg.FromString(await ws.recv())
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            elements.append(forward.delta.new_element)
        elif kind == "script_finished":
            if forward.script_finished == RERUN:  # the page reran itself: read the next run
                elements = []
                continue
            return elements


def _alerts(elements) -> str:
    return " | ".join(e.alert.body for e in elements if e.WhichOneof("type") == "alert")


async def room(servers: list[str], code: str, n: int, concurrency: int) -> list[Outcome]:
    """``n`` participants, round-robin over ``servers``, at most ``concurrency`` at once."""
    gate = asyncio.Semaphore(concurrency)

    async def one(i: int) -> Outcome:
        async with gate:
            try:
                return await participant(servers[i % len(servers)], code, i)
            except (OSError, TimeoutError, websockets.WebSocketException) as error:
                return Outcome(f"loadtest-{i:05d}", weights_of(i), f"failed: {error!r}")

    return await asyncio.gather(*(one(i) for i in range(n)))


def run_room(servers: list[str], code: str, n: int, concurrency: int) -> list[Outcome]:
    """:func:`room`, on an event loop of its own thread (safe beside a running loop)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, room(servers, code, n, concurrency)).result()


def count(store, code: str, outcomes: list[Outcome]) -> tuple[int, int]:
    """(lost, doubled) against what the database holds."""
    rows = store.submissions(code)
    stored = {r.participant: r for r in rows}
    lost = sum(
        1 for o in outcomes
        if o.participant not in stored or dict(stored[o.participant].weights) != o.weights
    )  # fmt: skip
    sent = {o.participant for o in outcomes}
    doubled = (len(rows) - len(stored)) + sum(
        1 for r in rows if r.participant not in sent or r.revision != 1
    )
    return lost, doubled


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


@contextlib.contextmanager
def database():
    """``LTL_TEST_POSTGRES_URL``, else a throwaway local PostgreSQL cluster."""
    from workshop import local_postgres

    url = os.environ.get("LTL_TEST_POSTGRES_URL")
    if url:
        yield url
    else:
        with local_postgres.cluster() as url:
            yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=60)
    args = parser.parse_args()
    if not (1 <= args.participants <= 2000 and 1 <= args.servers <= 8):
        parser.error("at most 2,000 participants and 8 servers (this is a bounded local test)")
    from browser_helpers import streamlit_server

    from workshop.store import Store

    with database() as url, contextlib.ExitStack() as stack:
        servers = [stack.enter_context(streamlit_server(url)) for _ in range(args.servers)]
        store = Store(url)
        stack.callback(store.dispose)
        warm, _ = store.open_workshop("Warm-up", dict.fromkeys(MEASURES, "m"), "sample")
        run_room(list(servers), warm.code, len(servers), len(servers))
        ws, _ = store.open_workshop("Load test", dict.fromkeys(MEASURES, "m"), "sample")
        cpu0, t0 = cpu_seconds([s.pid for s in servers]), time.perf_counter()
        outcomes = run_room(list(servers), ws.code, args.participants, args.concurrency)
        wall, cpu = time.perf_counter() - t0, cpu_seconds([s.pid for s in servers]) - cpu0
        lost, doubled = count(store, ws.code, outcomes)
        refused = [o for o in outcomes if o.answer != "in"]
    print(f"participants {args.participants} across {args.servers} servers "
          f"(at most {args.concurrency} at once), PostgreSQL")
    print(f"  time {wall:.1f} s wall, servers' CPU {cpu:.1f} s; budget {BUDGET_S:.0f} s")
    print(f"  lost {lost}, doubled {doubled}, refused {len(refused)}")
    for o in refused[:5]:
        print(f"    {o.participant}: {o.answer[:200]}")
    print(f"  ratio time/budget = {wall / BUDGET_S:.2f} (below 1.00 is within budget)")
    return 0 if lost == doubled == len(refused) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
