"""Every latency budget of the app in one run, each printed with its ratio (measured / budget).

Run ``.venv/bin/python bench/run_all.py`` (about two minutes; ``--quick`` measures each
browser budget once instead of three times and skips the 1,000-unit run). Where the user
waits in a browser, the measurement is a real browser: Playwright driving Debian's chromium
(``/usr/bin/chromium``, or ``CHROMIUM_PATH``) at 1280x800 against a real ``streamlit run``
of app.py on localhost. The server is warmed first (one visit per page, as after the first
user of the day). Every "first render" opens a new tab, so a new Streamlit session, twice: in
a browser that has loaded the app before (Streamlit's scripts in its HTTP cache, as for anyone
on their second page or second visit) and in a new browser context (an empty cache, a first
visit ever). The report is also built on freshly started servers (its own server each), where
only the warm-up thread (ui/report/warmup.py) can have computed its analyses beforehand.
Beside the page and slider budgets, the same measurements on ``bench/floor_app.py`` (pages
that compute nothing) give Streamlit's own floor on this machine. A page counts as rendered
when its title is on screen, its script has finished and no element still shows its
placeholder (Streamlit draws one until the code for that kind of element has loaded, which
can be after the script has finished). A slider move goes to a weight not tried before, so
no cached result helps. The 20
sessions are measured twice: served (20 clients speaking the browser's own protocol, as
phones and laptops elsewhere would) and drawn by 20 browser tabs on this same machine, whose
2 cores then draw 20 pages while serving them.

Budgets (issue 14): every page's first render 1.5 s; a weight slider move to settled ranks
0.3 s; the Instability page's default view 1.5 s; the report built, HTML and PDF, 5 s;
``python -m scoring rank`` as a whole process 0.5 s; 20 sessions opening at once, all
rendered, 5 s; 1,000 units x 50 indicators x 10,000 Monte Carlo samples 5 s.

Each line gives wall time, the CPU time of the process doing the work (the server for
browser budgets, the child for the CLI, this process for the Monte Carlo run) and the load
average: on a machine shared with other work, wall time grows with the load and CPU time is
the steadier figure. Speed goals live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "e2e"), str(ROOT / "bench")]

from browser_helpers import DRAWN, streamlit_server  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 800}
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SESSIONS = 20
WARM_UP = os.environ.get("LTL_REPORT_WARMUP", "1") != "0"  # as a real server runs, unless switched off
PARTS = ["cli", "montecarlo", "pages", "slider", "report", "sessions"]
ROWS: list[tuple[str, float, float, float]] = []  # (what, wall s, cpu s, budget s)


def load() -> float:
    return os.getloadavg()[0]


def line(what: str, wall: float, cpu: float, budget: float) -> None:
    """Print one budget: wall and CPU time with their ratios to the budget."""
    ROWS.append((what, wall, cpu, budget))
    flag = "ok  " if wall <= budget else "OVER"
    print(f"{flag} {what}: wall {wall:.2f} s (ratio {wall / budget:.2f}), CPU {cpu:.2f} s "
          f"(ratio {cpu / budget:.2f}); budget {budget:g} s; load {load():.1f}", flush=True)  # fmt: skip


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pages() -> list[tuple[str, str]]:
    """(url path, title) of every page in app.py's navigation, in menu order."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    listed = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                  and getattr(n.targets[0], "id", "") == "PAGES")  # fmt: skip
    out = []
    for _, path, title, _ in ast.literal_eval(listed):
        stem = Path(path).stem
        out.append(("" if path == "pages/league_table.py" else stem, title))
    return out


def show(page, url: str, *, drawn: bool = True) -> None:
    """Open ``url`` in ``page`` and wait until its title shows and its script has finished,
    and, with ``drawn``, until no element still shows its placeholder."""
    page.goto(url)
    page.locator("h1").first.wait_for()
    page.wait_for_selector(DONE)
    if drawn:
        page.wait_for_function(DRAWN)


def build_report(page) -> float:
    """Seconds from pressing "Build the report" until both downloads are offered."""
    t0 = time.perf_counter()
    page.get_by_role("button", name="Build the report").click()
    page.get_by_role("button", name="Download the report (HTML)").wait_for()
    page.get_by_role("button", name="Download the report (PDF)").wait_for()
    return time.perf_counter() - t0


def render(context, url: str) -> float:
    """Seconds from navigation until the page's title shows and its script has finished."""
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        t0 = time.perf_counter()
        show(page, url)
        return time.perf_counter() - t0
    finally:
        page.close()


def fresh(browser, url: str) -> float:
    """:func:`render` in a browser that has never seen the app (empty HTTP cache)."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return render(context, url)
    finally:
        context.close()


def first_renders(browser, base: str, repeats: int, server: int) -> None:
    """Each page in a fresh Streamlit session (a new tab: a new session), twice over: in a
    browser that has loaded the app before (its HTTP cache holds Streamlit's scripts, as
    for anyone on their second visit or second page), and in one that never has."""
    print(f"\nFirst render of every page in a fresh session (median of {repeats}), budget 1.5 s")
    returning = browser.new_context(viewport=VIEWPORT)
    for path, _ in pages():
        render(returning, f"{base}/{path}")  # warm the server's caches and this browser's
    for path, title in pages():
        what = "Instability default view" if path == "instability" else f"page {title}"
        c0 = cpu_of(server)
        walls = [render(returning, f"{base}/{path}") for _ in range(repeats)]
        line(f"{what}, new session", statistics.median(walls), (cpu_of(server) - c0) / repeats, 1.5)
        c0 = cpu_of(server)
        walls = [fresh(browser, f"{base}/{path}") for _ in range(repeats)]
        line(f"{what}, new session in a new browser", statistics.median(walls),
             (cpu_of(server) - c0) / repeats, 1.5)  # fmt: skip
    returning.close()


def slider_moves(browser, base: str, repeats: int, server: int) -> None:
    print(f"\nA weight slider moved one step to a weight not tried before, until the ranks have "
          f"settled (median of {repeats}; every move is a new scenario, so no cached result helps)")
    # drugs supply and serious violence, 0-10 in steps of 0.5, moved in turn: every move is new
    walls, cpu = move_slider(browser, base, (2, 1), repeats, server)
    line("slider move to settled ranks", statistics.median(walls), cpu, 0.3)


def move_slider(browser, url: str, which: tuple[int, ...], repeats: int,
                server: int) -> tuple[list[float], float]:
    """Wall times of ``repeats`` one-step moves up of the page's sliders numbered ``which``,
    in turn (so no slider reaches its end, where a step changes nothing), each until its run
    has finished and everything is drawn; and the server's CPU a move.

    A run is seen ending through the app's script-state attribute leaving "running" (a
    mutation observer keeps every change, however brief). A move whose run is never seen
    within 3 s is left out, and counted in a printed line. The moves start once the server
    and its report browser are idle: a server's report warm-up (ui/report/warmup.py) works
    while it is otherwise idle and, once begun, is not paused, and the browser it starts
    then spends seconds of CPU, so a move would wait behind them."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    show(page, url, drawn=False)
    page.evaluate(ENDED_RUNS)
    sliders = [page.get_by_role("slider").nth(k) for k in which]
    settle(server, after=2.0)  # after the warm-up's quiet second, so that it has begun
    walls, missed, c0 = [], 0, cpu_of(server)
    for i in range(repeats):
        slider = sliders[i % len(sliders)]
        slider.focus()
        ended = page.evaluate("window.__endedRuns")
        t0 = time.perf_counter()
        slider.press("ArrowRight")
        try:
            page.wait_for_function(f"window.__endedRuns > {ended}", timeout=3_000)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError
            missed += 1
            page.wait_for_selector(DONE)
            continue
        page.wait_for_selector(DONE)
        page.wait_for_function(DRAWN)
        walls.append(time.perf_counter() - t0)
    context.close()
    if missed:
        print(f"     {missed} of {repeats} moves had no run seen within 3 s: left out")
    return walls, (cpu_of(server) - c0) / repeats


# Counts the app's script runs that have ended: each time its script-state attribute leaves
# "running". The records keep every change in order, even one undone before they are read.
ENDED_RUNS = """() => {
  window.__endedRuns = 0;
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver((records) => {
    for (const r of records) if (r.oldValue === "running") window.__endedRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"],
                   attributeOldValue: true});
}"""


def floor(browser, repeats: int) -> None:
    """Streamlit's own floor on this machine (bench/floor_app.py, pages that do no work),
    measured exactly as the app's pages: not budgets, but what no page can go below."""
    print(f"\nStreamlit's own floor on this machine: pages that compute nothing (bench/floor_app.py; "
          f"median of {repeats}; not budgets)")  # fmt: skip
    with streamlit_server(app="bench/floor_app.py") as base:
        returning = browser.new_context(viewport=VIEWPORT)
        for kind, what in (("title", "a title and a line of text"),
                           ("elements", "the League table's kinds of element, no work behind them")):
            url = f"{base}/?page={kind}"
            render(returning, url)  # this browser's cache, as for the app's pages
            c0 = cpu_of(base.pid)
            walls = [render(returning, url) for _ in range(repeats)]
            reference(f"floor, new session: {what}", statistics.median(walls),
                      (cpu_of(base.pid) - c0) / repeats, 1.5)
        returning.close()
        walls, cpu = move_slider(browser, f"{base}/?page=elements", (0, 1), repeats * 4, base.pid)
        reference("floor, slider move redrawing a 43-row table", statistics.median(walls), cpu, 0.3)


def reference(what: str, wall: float, cpu: float, budget: float) -> None:
    """Print a reference measurement beside the budget it bounds (not counted as a budget)."""
    print(f"ref  {what}: wall {wall:.2f} s (ratio {wall / budget:.2f} of the {budget:g} s budget), "
          f"CPU {cpu:.2f} s; load {load():.1f}", flush=True)  # fmt: skip


def report(browser, base: str, server: int) -> None:
    print("\nThe report: Build pressed until the HTML and PDF downloads are offered")
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(300_000)
    show(page, f"{base}/report", drawn=False)
    c0 = cpu_of(server)
    line("report, HTML and PDF", build_report(page), cpu_of(server) - c0, 5.0)
    browsers = [p for p in descendants(server) if "chrom" in name_of(p)]
    print(f"     memory: server {memory_mb(server, 'VmRSS'):.0f} MB resident; its warm report "
          f"browser {sum(memory_mb(p, 'Pss', 'smaps_rollup') for p in browsers):.0f} MB "
          f"(proportional set size) in {len(browsers)} processes", flush=True)  # fmt: skip
    context.close()


def fresh_report(browser) -> None:
    """The report on a new server, twice (a new server each): the Report its first page and
    Build pressed as soon as it is drawn, so the report's analyses are computed then, by the
    build and the warm-up thread together; and the League table first, the Report opened once
    the server has gone idle (its warm-up done; the wait is printed). ``LTL_REPORT_WARMUP=0``
    in the environment measures both without the warm-up."""
    print("\nThe report on a freshly started server (a new server for each line)")
    for first in ("report", ""):
        with streamlit_server(warm_up=WARM_UP) as base:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(300_000)
            c0, t0 = cpu_of(base.pid), time.perf_counter()
            show(page, f"{base}/{first}")
            title = "Report" if first else "League table"
            line(f"{title} page, the server's first page", time.perf_counter() - t0,
                 cpu_of(base.pid) - c0, 1.5)  # fmt: skip
            what = "Build pressed as soon as the Report, its first page, is drawn"
            if not first:
                idle = settle(base.pid) - t0
                show(page, f"{base}/report", drawn=False)
                what = f"the Report opened when the server went idle, {idle:.0f} s after its first page"
            c0 = cpu_of(base.pid)
            line(f"report on a freshly started server, HTML and PDF; {what}",
                 build_report(page), cpu_of(base.pid) - c0, 5.0)  # fmt: skip
            context.close()


def settle(pid: int, quiet: float = 0.05, every: float = 1.0, longest: float = 120.0,
           after: float = 0.0) -> float:
    """Wait ``after`` seconds, then until process ``pid`` and every process below it (the
    report's browser) use less than ``quiet`` CPU seconds in ``every`` seconds; when that
    happened (time.perf_counter). A wait over 5 s is printed."""
    start = time.perf_counter()
    time.sleep(after)
    end = time.perf_counter() + longest
    before = tree_cpu(pid)
    while time.perf_counter() < end:
        time.sleep(every)
        now = tree_cpu(pid)
        if now - before < quiet:
            break
        before = now
    if time.perf_counter() - start > 5:
        print(f"     (waited {time.perf_counter() - start:.0f} s for the server to go idle)")
    return time.perf_counter() - every


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and the processes below it that are still running."""
    total = cpu_of(pid)
    for child in descendants(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += cpu_of(child)
    return total


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children, ...)."""
    parent = {}
    for entry in Path("/proc").iterdir():
        try:
            parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = [c for c, p in parent.items() if p == current]
        found += children
        todo += children
    return found


def name_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return ""


def memory_mb(pid: int, field: str, table: str = "status") -> float:
    """A memory figure of process ``pid`` from /proc/PID/``table``, in MB (0 if it has gone)."""
    try:
        lines = Path(f"/proc/{pid}/{table}").read_text().splitlines()
    except OSError:
        return 0.0
    return next(int(x.split()[1]) for x in lines if x.startswith(f"{field}:")) / 1024


def many_sessions(base: str, server: int) -> None:
    print(f"\n{SESSIONS} sessions opening the League table at once, until all have rendered")
    from bench_workshop_load import _run, websockets
    from playwright.async_api import async_playwright

    async def server_side() -> float:
        """The server's share: each session speaks the browser's own protocol (a WebSocket
        and protobuf), so the phones' and laptops' drawing is not on this machine's 2 cores."""

        async def one() -> None:
            uri = base.replace("http", "ws", 1) + "/_stcore/stream"
            async with websockets.connect(uri, subprotocols=["streamlit"], max_size=2**26) as ws:
                if not await _run(ws, "", [], page=""):
                    raise RuntimeError("a session drew nothing")

        t0 = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(SESSIONS)))
        return time.perf_counter() - t0

    async def browsers() -> float:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(SESSIONS)]
            tabs = [await c.new_page() for c in contexts]

            async def one(tab) -> None:
                tab.set_default_timeout(180_000)
                await tab.goto(base)
                await tab.locator("h1").first.wait_for()
                await tab.wait_for_selector(DONE)
                await tab.wait_for_function(DRAWN)

            t0 = time.perf_counter()
            await asyncio.gather(*(one(t) for t in tabs))
            wall = time.perf_counter() - t0
            await browser.close()
            return wall

    c0 = cpu_of(server)
    wall = asyncio.run(server_side())
    line(f"{SESSIONS} sessions at once, all run by the server (clients elsewhere)", wall,
         cpu_of(server) - c0, 5.0)  # fmt: skip
    c0 = cpu_of(server)
    wall = asyncio.run(browsers())
    line(f"{SESSIONS} sessions at once, all drawn by {SESSIONS} browsers on this machine", wall,
         cpu_of(server) - c0, 5.0)  # fmt: skip


def cli(repeats: int) -> None:
    """`python -m scoring rank`: cold runs (empty result cache) and a repeat (cache warm).

    Cold runs are measured in two copies of scoring/ and sample_data/, in turn so that both see
    the same load: as installed (the README's install command compiles the package's bytecode
    with ``python -m compileall``, as pip does for an installed package), and with no bytecode,
    where with PYTHONDONTWRITEBYTECODE=1 (as here) every run compiles the project's modules from
    source again, whatever .pyc files a test's child process left in the checkout. The repeat
    runs in the copy without bytecode.
    """
    import shutil
    import tempfile

    print(f"\n`python -m scoring rank` as a whole process (median of {repeats})")
    with tempfile.TemporaryDirectory() as tmp:
        copy, compiled = Path(tmp, "project"), Path(tmp, "compiled")
        for name in ("scoring", "sample_data"):
            for where in (copy, compiled):
                shutil.copytree(ROOT / name, where / name,
                                ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(compiled / "scoring")],
                       check=True)  # fmt: skip
        cold, with_bytecode = [], []
        for i in range(repeats):  # in turn, so that both see the same load
            with_bytecode.append(rank_process(compiled, f"{tmp}/bytecode{i}"))
            cold.append(rank_process(copy, f"{tmp}/cold{i}"))  # a fresh cache each
        note = "" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ", bytecode written"
        line("python -m scoring rank, cold (empty result cache), as installed (bytecode compiled "
             "by the install command)", *medians(with_bytecode), 0.5)  # fmt: skip
        line(f"python -m scoring rank, cold, no bytecode (the project compiled from source{note})",
             *medians(cold), 0.5)  # fmt: skip
        rank_process(copy, f"{tmp}/warm")
        warm = [rank_process(copy, f"{tmp}/warm") for _ in range(repeats)]
        line("python -m scoring rank, repeat (result cache warm)", *medians(warm), 0.5)
        cache_cost(f"{tmp}/warm")
        modules = {"cold run": rank_modules(copy, f"{tmp}/once"),
                   "repeat": rank_modules(copy, f"{tmp}/warm")}  # fmt: skip
        compile_cost(modules)


def rank_process(cwd: Path, folder: str, *options: str) -> tuple[float, float, bytes]:
    """Wall and CPU seconds of one `python OPTIONS -m scoring rank` in ``cwd`` with its result
    cache in ``folder``; its stderr."""
    before, t0 = os.times(), time.perf_counter()
    done = subprocess.run([sys.executable, *options, "-m", "scoring", "rank"], cwd=cwd, check=True,
                          capture_output=True, env={**os.environ, "LEAGUE_TABLE_CACHE": folder})  # fmt: skip
    wall, after = time.perf_counter() - t0, os.times()
    cpu = (after.children_user + after.children_system
           - before.children_user - before.children_system)  # fmt: skip
    return wall, cpu, done.stderr


def medians(runs: list[tuple[float, float, bytes]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def cache_cost(folder: str) -> None:
    """In this process: the key of a cached answer, then checking its files and replaying it."""
    import io
    from contextlib import redirect_stdout

    from scoring.commands import cache

    os.environ["LEAGUE_TABLE_CACHE"] = folder
    options = {"command": "rank", "scenario": None, "data": None, "format": "csv", "assume": None}
    keys, replays = [], []
    for _ in range(20):
        t0 = time.perf_counter()
        name = cache.key(options)
        t1 = time.perf_counter()
        with redirect_stdout(io.StringIO()):
            assert cache.replay(name) == 0, "the bench's options do not find the cached answer"
        keys.append(t1 - t0)
        replays.append(time.perf_counter() - t1)
    depends = len(json.loads(Path(folder, f"{name}.json").read_text())["depends"])
    print(f"     the cache key: {statistics.median(keys) * 1e3:.1f} ms; checking the {depends} "
          f"files the answer depends on and replaying it: {statistics.median(replays) * 1e3:.1f} ms "
          "(median of 20)")  # fmt: skip


def rank_modules(cwd: Path, folder: str) -> list[Path]:
    """The project's source files a `rank` run imports: the modules it has loaded as it ends
    (-X importtime would miss those imported through importlib, as a command's module)."""
    listing = Path(f"{folder}.modules")
    probe = ("import atexit, runpy, sys\n"
             f"atexit.register(lambda: open({str(listing)!r}, 'w').write(' '.join(sys.modules)))\n"
             "sys.argv = ['scoring', 'rank']\n"
             "runpy.run_module('scoring', run_name='__main__', alter_sys=True)\n")  # fmt: skip
    subprocess.run([sys.executable, "-c", probe], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "LEAGUE_TABLE_CACHE": folder})  # fmt: skip
    files = []
    for name in sorted(n for n in listing.read_text().split() if n.startswith("scoring.")):
        base = cwd / name.replace(".", "/")
        files += [f for f in (base.with_suffix(".py"), base / "__init__.py") if f.is_file()]
    return files


def compile_cost(modules: dict[str, list[Path]]) -> None:
    """What compiling the project's own modules from source costs a run without bytecode,
    measured in this process (compile() on each module a run imports)."""
    parts = []
    for kind, files in modules.items():
        sources = [(f.read_text(encoding="utf-8"), str(f)) for f in files]
        samples = []
        for _ in range(3):
            c0 = time.process_time()
            for source, path in sources:
                compile(source, path, "exec", dont_inherit=True)
            samples.append(time.process_time() - c0)
        parts.append(f"{kind} {len(files)} modules {statistics.median(samples):.3f} s")
    print(f"     compiling the project's own modules from source (each run without bytecode), "
          f"CPU measured in this process: {'; '.join(parts)}")  # fmt: skip


def monte_carlo() -> None:
    from bench_sensitivity import peak_memory, scale_model

    from scoring.instability import noise, uncertainty

    print("\n1,000 units x 50 indicators x 10,000 Monte Carlo samples (timed untraced; memory from "
          "a second, traced run: tracemalloc slows numpy's threads)")  # fmt: skip
    for sources, model, seed in scale_model():
        c0, t0 = time.process_time(), time.perf_counter()
        result = uncertainty.simulate(model, 10_000, seed)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = peak_memory(model, 10_000, seed)
        normal = f"; counts >= {noise.NORMAL_FROM:,} drawn from the normal approximation" if result.normal_counts else ""
        line(f"1,000 x 50 x 10,000, {sources} ({1e3 * cpu / 10_000:.2f} ms CPU a sample; "
             f"{uncertainty.WORKERS} threads; peak traced memory {peak:.0f} MB{normal})", wall, cpu, 5.0)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one measurement per browser budget; skip the 1,000-unit run")  # fmt: skip
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, metavar="PART",
                        help=f"measure only these budgets, of: {', '.join(PARTS)}")  # fmt: skip
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    print(f"League Table Lab budgets: {os.cpu_count()} CPUs, load average {load():.1f} "
          "(other work on the machine slows every wall time)")  # fmt: skip
    only = set(args.only)
    if "cli" in only:
        cli(5)
    if "montecarlo" in only and not args.quick:
        monte_carlo()
    from playwright.sync_api import sync_playwright

    if not only & {"pages", "slider", "report", "sessions"}:
        return summary()
    with streamlit_server(warm_up=WARM_UP) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            if "pages" in only:
                first_renders(browser, base, repeats, base.pid)
            if "slider" in only:
                slider_moves(browser, base, repeats * 4, base.pid)
            if only & {"pages", "slider"}:
                floor(browser, repeats)
            if "report" in only:
                report(browser, base, base.pid)
                fresh_report(browser)
            browser.close()
        if "sessions" in only:
            many_sessions(base, base.pid)  # asyncio: outside the synchronous Playwright's loop
    summary()


def summary() -> None:
    if not ROWS:
        return
    worst = max(ROWS, key=lambda r: r[1] / r[3])
    within = sum(r[1] <= r[3] for r in ROWS)
    print(f"\n{within} of {len(ROWS)} budgets met on wall time; worst ratio {worst[1] / worst[3]:.2f} "
          f"({worst[0]})")  # fmt: skip


if __name__ == "__main__":
    main()
