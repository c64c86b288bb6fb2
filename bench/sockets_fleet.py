"""Many consoles at once for the socket benchmarks: lean engine.io v4 websocket clients in one
asyncio loop on a thread of its own (a thread per console would measure the load generator), plus
raw engine.io sockets that never sign in, as an attacker would open them.

The consoles speak the Socket.IO wire protocol by hand rather than through python-socketio: real
consoles are browsers on other machines, so a console's own cost must not be measured as the
server's. On a 2-core machine, decoding every frame's JSON for hundreds of clients (and encoding
it again to look for markers) dominated the fan-out latency; here a frame is counted by its
prefix and a marker found by a substring check on the raw text, with nothing decoded."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Coroutine
from typing import Any, TypeVar

import aiohttp

NAMESPACE = "/console"
EVENT = f"42{NAMESPACE},"
SNAPSHOT = f'{EVENT}["queue_snapshot"'
REFUSED = f"44{NAMESPACE},"
ACK = f"43{NAMESPACE},"
T = TypeVar("T")
Socket = aiohttp.ClientWebSocketResponse


class Fleet:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="fleet", daemon=True).start()
        self.clients: list[Socket] = []
        self.frames: Counter[int] = Counter()  # events received, by client index
        self.arrivals: dict[str, list[float]] = defaultdict(list)  # watched marker -> arrival times
        self.watching: set[str] = set()
        self.raw: list[Socket] = []
        self._readers: set[asyncio.Task[None]] = set()
        self._acks: dict[tuple[int, int], asyncio.Future[Any]] = {}
        self._ack_ids = itertools.count(1)
        self._http: aiohttp.ClientSession | None = None

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 600) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _open(self, cookie: str | None = None) -> Socket:
        # no cookie jar: a cookie one console's handshake set must not travel with the next one
        self._http = self._http or aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar()
        )
        headers = {"Cookie": cookie} if cookie else None
        timeout = aiohttp.ClientWSTimeout(ws_close=5)
        # compress: offer permessage-deflate as browsers do (aiohttp does not by default); the server declines it
        return await self._http.ws_connect(self.url, headers=headers, timeout=timeout, max_msg_size=0, compress=15)

    def connect(self, cookies: list[str], count: int, at_once: int) -> list[float]:
        """Connect `count` consoles (cookies used in turn), `at_once` in flight; returns each one's
        seconds from starting to connect to holding its queue_snapshot."""
        return self.run(self._connect_all(cookies, count, at_once))

    async def _connect_all(self, cookies: list[str], count: int, at_once: int) -> list[float]:
        """The consoles keep the cookies' order in `clients`, whichever connects first."""
        gate, first = asyncio.Semaphore(at_once), len(self.clients)
        opened: list[tuple[Socket, float]] = []

        async def one(i: int) -> tuple[Socket, float]:
            async with gate:
                return await self._connect_one(cookies[i % len(cookies)], first + i)

        opened = list(await asyncio.gather(*(one(i) for i in range(count))))
        self.clients.extend(ws for ws, _ in opened)
        return [seconds for _, seconds in opened]

    async def _connect_one(self, cookie: str, index: int) -> tuple[Socket, float]:
        started = time.perf_counter()
        ws = await self._open(cookie)
        snapshot = self.loop.create_future()
        opening = await ws.receive(timeout=60)
        if opening.type is not aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise ConnectionError(f"no engine.io open packet: {opening}")
        await ws.send_str(f"40{NAMESPACE},")
        reader = asyncio.create_task(self._read(ws, index, snapshot))
        self._readers.add(reader)
        reader.add_done_callback(self._readers.discard)
        await asyncio.wait_for(snapshot, 60)
        return ws, time.perf_counter() - started

    async def _read(self, ws: Socket, index: int, snapshot: asyncio.Future[None]) -> None:
        async for msg in ws:
            if msg.type is not aiohttp.WSMsgType.TEXT:
                continue
            text: str = msg.data
            if text.startswith(EVENT):
                now = time.perf_counter()
                self.frames[index] += 1
                if text.startswith(SNAPSHOT):
                    if not snapshot.done():
                        snapshot.set_result(None)
                elif watching := self.watching:
                    for marker in watching:
                        if marker in text:
                            self.arrivals[marker].append(now)
            elif text.startswith(ACK):
                self._acknowledged(index, text[len(ACK) :])
            elif text == "2":
                await ws.send_str("3")
            elif text.startswith(REFUSED) and not snapshot.done():
                snapshot.set_exception(ConnectionRefusedError(f"{NAMESPACE} refused: {text}"))
        if not snapshot.done():
            snapshot.set_exception(ConnectionError(f"closed before queue_snapshot ({ws.close_code})"))

    async def call(self, index: int, command: str, payload: dict, timeout: float) -> Any:
        """Send `command` from console `index` as Socket.IO does with an ack id; its ack."""
        ack_id = next(self._ack_ids)
        answer = self._acks[(index, ack_id)] = self.loop.create_future()
        await self.clients[index].send_str(f"{EVENT}{ack_id}{json.dumps([command, payload])}")
        return await asyncio.wait_for(answer, timeout)

    def _acknowledged(self, index: int, packet: str) -> None:
        """`packet` is `<ack id>[answer]`."""
        digits = len(packet) - len(packet.lstrip("0123456789"))
        answer = self._acks.pop((index, int(packet[:digits])), None)
        if answer is not None and not answer.done():
            answer.set_result(json.loads(packet[digits:])[0])

    def keep(self, count: int) -> None:
        """Disconnect consoles until `count` remain."""
        self.run(self._keep(count))

    async def _keep(self, count: int) -> None:
        leaving, self.clients = self.clients[count:], self.clients[:count]
        await asyncio.gather(*(self._disconnect(ws) for ws in leaving))

    @staticmethod
    async def _disconnect(ws: Socket) -> None:
        with contextlib.suppress(ConnectionError):  # the server may have closed it first
            await ws.send_str(f"41{NAMESPACE},")
        await ws.close()

    def anonymous(self, count: int) -> tuple[int, int]:
        """Open `count` engine.io websockets that never connect a namespace, all at once; returns
        (admitted, refused). Admitted ones stay open until `close_all`."""
        return self.run(self._anonymous(count))

    async def _anonymous(self, count: int) -> tuple[int, int]:
        async def one() -> bool:
            try:
                self.raw.append(await self._open())
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
        await asyncio.gather(*self._readers, return_exceptions=True)
        if self._http:
            await self._http.close()
        self.raw, self._http = [], None
