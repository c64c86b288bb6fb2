"""The claims bench's navigators: signed in through the real form, their consoles held by
bench.sockets_fleet.Fleets (one asyncio loop each, one fleet per web instance), each console
sending one command at the same instant."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import requests

from bench.failure import WAIT_SECONDS, BenchFailure
from bench.sockets_fleet import Fleet
from bench.stack import Stack
from tests.support import services
from tests.support.signin import post_login


def sign_in(base_url: str, emails: list[str], password: str) -> list[str]:
    """Each navigator's session cookie, signing in through the real form, 8 at a time."""

    def one(email: str) -> str:
        http = requests.Session()
        if post_login(http, email, password, base_url).status_code != 302:
            raise BenchFailure(f"sign-in failed for {email}")
        return "; ".join(f"{k}={v}" for k, v in http.cookies.items())

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, emails))


@contextmanager
def web_instances(stack: Stack, count: int) -> Iterator[list[tuple[str, int]]]:
    """The stack's web process and `count - 1` more like it (the production shape: single-worker
    instances sharing PostgreSQL and Redis); each one's base URL and gunicorn pid."""
    assert stack.web
    more = []
    try:
        for i in range(1, count):
            port = services.free_port()
            more.append((port, services.gunicorn({**stack.env, "PORT": str(port)}, f"gunicorn-{i}")))
            services.wait_http(f"http://127.0.0.1:{port}/healthz", server=more[-1][1])
        yield [(stack.base_url, stack.web.proc.pid)] + [(f"http://127.0.0.1:{p}", w.proc.pid) for p, w in more]
    finally:
        for _, process in more:
            process.stop()


def call_together(fleets: list[Fleet], command: str, payloads: list[dict]) -> list[tuple[dict, float]]:
    """Every console sends `command` at the same instant, the consoles of fleets[0] first taking
    payloads[0], and so on; every ack, in the same order, with its latency from that instant."""

    async def calls(fleet: Fleet, mine: list[dict], start: float) -> list[tuple[dict, float]]:
        async def one(index: int, payload: dict) -> tuple[dict, float]:
            ack = await fleet.call(index, command, payload, timeout=WAIT_SECONDS)
            return ack, time.perf_counter() - start

        return list(await asyncio.gather(*(one(i, payload) for i, payload in enumerate(mine))))

    start, first, pending = time.perf_counter(), 0, []
    for fleet in fleets:
        mine, first = payloads[first : first + len(fleet.clients)], first + len(fleet.clients)
        pending.append(asyncio.run_coroutine_threadsafe(calls(fleet, mine, start), fleet.loop))
    return [answer for future in pending for answer in future.result(timeout=2 * WAIT_SECONDS)]


def settle(fleets: list[Fleet], quiet: float = 0.5) -> None:
    """Wait until no console has been pushed anything for `quiet` seconds: the server is done
    telling them about the last commands, whatever its events are called."""
    deadline, seen, since = time.monotonic() + WAIT_SECONDS, -1, time.monotonic()
    while time.monotonic() - since < quiet:
        if time.monotonic() > deadline:
            raise BenchFailure(f"the consoles were still being pushed to after {WAIT_SECONDS:.0f} s")
        total = sum(sum(fleet.frames.values()) for fleet in fleets)
        if total != seen:
            seen, since = total, time.monotonic()
        time.sleep(0.05)
