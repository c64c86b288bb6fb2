"""The phases of bench/sockets_bench.py. Each returns its figures as a dict; webhook figures
come with the same load measured alone (`baseline`) in the same run."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import traffic
from bench.cpu import process_tree
from bench.report import ms
from bench.sockets_fleet import Fleet
from tests.support import services

SENDERS = 16
FANOUT_EVENTS = 100  # per fan-out measurement: with 40, one slow event set the p99 (0.85-1.43x via Redis)
_numbers = itertools.count(1_000_000, 10_000)


def load(stack: Any, count: int, kind: str) -> dict[str, Any]:
    """`count` signed webhooks from SENDERS keep-alive senders, as fast as answers come."""
    hooks = traffic.webhooks(kind, count, next(_numbers))
    seconds = traffic.flood(stack.port, hooks, SENDERS)
    traffic.check_answers(hooks)
    return {"req_s": round(count / seconds, 1), **ms([h.end - h.start for h in hooks])}


def paced(stack: Any, count: int, kind: str, per_second: float = 20) -> dict[str, Any]:
    """`count` signed webhooks one after another at `per_second`: a busy hour's pace, not a flood."""
    hooks = traffic.webhooks(kind, count, next(_numbers))
    traffic.paced(stack.port, hooks, per_second)
    traffic.check_answers(hooks)
    return ms([h.end - h.start for h in hooks])


def webhooks_alone(stack: Any) -> dict[str, Any]:
    load(stack, 200, "warm")
    return {"flood": load(stack, 1000, "base"), "paced": paced(stack, 200, "basep")}


def rss_mb(root_pid: int) -> dict[str, float]:
    """Resident memory of gunicorn's worker (the process holding the sockets) and of the tree."""
    sizes = {pid: _rss_kb(pid) for pid in process_tree(root_pid)}
    worker = max((kb for pid, kb in sizes.items() if pid != root_pid), default=0)
    return {"worker_mb": round(worker / 1024, 1), "total_mb": round(sum(sizes.values()) / 1024, 1)}


def _rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))


def idle_consoles(stack: Any, fleet: Fleet, cookies: list[str], count: int) -> dict[str, Any]:
    before = rss_mb(stack.web.proc.pid)
    connect = fleet.connect(cookies, count, at_once=50)
    time.sleep(2)
    held = rss_mb(stack.web.proc.pid)
    return {
        "rss_before": before,
        "rss_with_consoles": held,
        "connect": ms(connect),
        "webhooks": {"flood": load(stack, 1000, "idle"), "paced": paced(stack, 200, "idlep")},
    }


async def _frames_so_far(fleet: Fleet) -> int:
    return sum(fleet.frames.values())  # read on the fleet's loop, which counts them


def _quiet(fleet: Fleet, seconds: float = 1.0, limit: float = 60.0) -> None:
    """Wait until no frame has reached `fleet` for `seconds`. The workers may still be working
    through a previous phase's texts: each of their updates is a frame to every console, and an
    event measured meanwhile would wait for its turn in the frame rate (FRAME_INTERVAL_SECONDS)."""
    deadline, before = time.monotonic() + limit, -1
    while time.monotonic() < deadline:
        now = fleet.run(_frames_so_far(fleet))
        if now == before:
            return
        before = now
        time.sleep(seconds)


def _arrivals(base_url: str, fleet: Fleet, count: int, kind: str) -> list[float]:
    """Paced webhooks on a quiet queue; seconds from each 200 to each console's copy of the event."""
    _quiet(fleet)
    hooks = traffic.webhooks(kind, count, next(_numbers))
    fleet.watching = {h.body for h in hooks}
    traffic.paced(int(base_url.rsplit(":", 1)[1]), hooks, per_second=2)  # one every 500 ms: a quiet queue
    time.sleep(2)
    fleet.watching = set()
    return [t - h.end for h in hooks for t in fleet.arrivals.pop(h.body, [])]


def _consoles_elsewhere(env: dict[str, str], cookies: list[str], consoles: int, texts_to: str | None) -> list[float]:
    """Arrivals at `consoles` consoles of another web process started with `env`, for texts
    posted to `texts_to` (that process itself when None)."""
    with services.serving(env, "gunicorn-fanout") as url:
        fleet = Fleet(url)
        fleet.connect(cookies, consoles, at_once=50)
        try:
            return _arrivals(texts_to or url, fleet, FANOUT_EVENTS, "fanX")
        finally:
            fleet.close_all()


def fan_out(stack: Any, fleet: Fleet, cookies: list[str], consoles: int) -> dict[str, Any]:
    """One event to `consoles` consoles: on the process that took the text, on another process
    (through Redis), and on a single process without Redis (the baseline). The first process's
    consoles are closed while the other two are measured (on two cores, a text would be fanned
    out twice through Redis and once without it) and opened again after."""
    fleet.keep(consoles)
    same = _arrivals(stack.base_url, fleet, FANOUT_EVENTS, "fanL")
    fleet.keep(0)
    other = _consoles_elsewhere(stack.env, cookies, consoles, stack.base_url)
    single = _consoles_elsewhere({**stack.env, "REDIS_URL": ""}, cookies, consoles, None)
    fleet.connect(cookies, consoles, at_once=50)  # for the storm
    figures = {
        "same_process": ms(same),
        "other_process_through_redis": ms(other),
        "single_process_no_redis": ms(single),
    }
    return {"consoles": consoles, "deliveries": [len(same), len(other), len(single)], **figures}


def storm(stack: Any, fleet: Fleet) -> dict[str, Any]:
    """A flood of new contacts while `fleet` listens: frames each console got per second."""
    before = dict(fleet.frames)
    started = time.perf_counter()
    webhooks = load(stack, 1000, "storm")
    time.sleep(1)
    seconds = time.perf_counter() - started
    per_console = [(fleet.frames[i] - before.get(i, 0)) / seconds for i in range(len(fleet.clients))]
    frames = {"mean": round(sum(per_console) / len(per_console), 2), "max": round(max(per_console), 2)}
    return {"events_per_s": webhooks["req_s"], "frames_per_console_per_s": frames, "webhooks": webhooks}


def anonymous_flood(stack: Any, fleet: Fleet, count: int) -> dict[str, Any]:
    admitted, refused = fleet.anonymous(count)
    webhooks = {"flood": load(stack, 500, "anon"), "paced": paced(stack, 200, "anonp")}
    return {"opened": count, "admitted": admitted, "refused": refused, "webhooks": webhooks}


def reconnect_storm(stack: Any, connect: Callable[[], list[float]], instances: int) -> dict[str, Any]:
    """Consoles connect at once (`connect`: each one's seconds to its snapshot) to `instances` web
    instances, while residents text at a busy hour's pace."""
    with stack.db.transaction() as session:
        waiting = session.scalar(text("SELECT count(*) FROM contact WHERE state = 'queued'"))
    result: dict[str, Any] = {}
    sender = threading.Thread(target=lambda: result.update(webhooks_paced=paced(stack, 60, "recon")))
    sender.start()
    snapshots = connect()
    sender.join()
    figures = {"waiting": waiting, "consoles": len(snapshots), "web_instances": instances, "snapshot": ms(snapshots)}
    return figures | result
