"""Many consoles at once for the socket benchmarks: python-socketio AsyncClients in one asyncio
loop on a thread of its own (a thread per console would measure the load generator), plus raw
engine.io sockets that never sign in, as an attacker would open them."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Coroutine
from typing import Any, TypeVar

import aiohttp
import socketio

NAMESPACE = "/console"
T = TypeVar("T")


class Fleet:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="fleet", daemon=True).start()
        self.clients: list[socketio.AsyncClient] = []
        self.frames: Counter[int] = Counter()  # events received, by client index
        self.arrivals: dict[str, list[float]] = defaultdict(list)  # watched marker -> arrival times
        self.watching: set[str] = set()
        self.raw: list[aiohttp.ClientWebSocketResponse] = []
        self._http: aiohttp.ClientSession | None = None

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 600) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def connect(self, cookies: list[str], count: int, at_once: int) -> list[float]:
        """Connect `count` consoles (cookies used in turn), `at_once` in flight; returns each one's
        seconds from starting to connect to holding its queue_snapshot."""
        return self.run(self._connect_all(cookies, count, at_once))

    async def _connect_all(self, cookies: list[str], count: int, at_once: int) -> list[float]:
        gate = asyncio.Semaphore(at_once)

        async def one(i: int) -> float:
            async with gate:
                return await self._connect_one(cookies[i % len(cookies)])

        return list(await asyncio.gather(*(one(i) for i in range(count))))

    async def _connect_one(self, cookie: str) -> float:
        client = socketio.AsyncClient(reconnection=False)
        index, snapshot = len(self.clients), asyncio.Event()
        self.clients.append(client)

        async def on_any(event: str, data: Any = None) -> None:
            now = time.perf_counter()
            self.frames[index] += 1
            if event == "queue_snapshot":
                snapshot.set()
            elif self.watching:
                text = json.dumps(data)
                for marker in self.watching:
                    if marker in text:
                        self.arrivals[marker].append(now)

        client.on("*", on_any, namespace=NAMESPACE)
        started = time.perf_counter()
        await client.connect(
            self.base_url, namespaces=[NAMESPACE], headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=60
        )
        await asyncio.wait_for(snapshot.wait(), 60)
        return time.perf_counter() - started

    def keep(self, count: int) -> None:
        """Disconnect consoles until `count` remain."""
        self.run(self._keep(count))

    async def _keep(self, count: int) -> None:
        leaving, self.clients = self.clients[count:], self.clients[:count]
        await asyncio.gather(*(client.disconnect() for client in leaving))

    def anonymous(self, count: int) -> tuple[int, int]:
        """Open `count` engine.io websockets that never connect a namespace, all at once; returns
        (admitted, refused). Admitted ones stay open until `close_all`."""
        return self.run(self._anonymous(count))

    async def _anonymous(self, count: int) -> tuple[int, int]:
        self._http = self._http or aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        url = self.base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"

        async def one() -> bool:
            try:
                self.raw.append(await self._http.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_close=5)))
                return True
            except aiohttp.WSServerHandshakeError:
                return False

        admitted = sum(await asyncio.gather(*(one() for _ in range(count))))
        return admitted, count - admitted

    def close_all(self) -> None:
        self.run(self._close_all())

    async def _close_all(self) -> None:
        await self._keep(0)
        await asyncio.gather(*(ws.close() for ws in self.raw))
        if self._http:
            await self._http.close()
        self.raw, self._http = [], None
