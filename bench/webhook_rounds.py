"""The webhook bench's measured rounds: the project (one instance, and in the production shape:
the instances deploy/nginx.conf lists behind it) and its two baselines served side by side, each
driven by the same wrk load once per round, in an order that rotates every round."""

from __future__ import annotations

import resource
import secrets
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import yaml

from bench import baselines, webhook_data, wrk
from bench.cpu import CpuMeter, pids_running, process_tree
from bench.failure import BenchFailure
from bench.stack import DB_NAME, REDIS_URL, Stack
from tests.support import nginx, services
from tests.support.services import ROOT

TARGETS = ("hello", "hello_threaded", "naive", "naive_like_ours", "project", "production")
# where each webhook stores its text
TABLES = {"naive": "naive_inbound", "naive_like_ours": "naive_inbound", "project": "message", "production": "message"}
DSN = f"host=127.0.0.1 port=5432 user=postgres dbname={DB_NAME}"
COMPOSED = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())["x-app"]["environment"]
PRODUCTION = {"ACCESS_LOG": COMPOSED["ACCESS_LOG"]}  # how deploy/compose.yaml's instances serve a request


class Rounds:
    """Serves the baselines beside `stack`'s gunicorn and measures each server once per round."""

    def __init__(self, stack: Stack, load: wrk.Load, pool: int, tmp: Path) -> None:
        self.stack, self.load, self.tmp = stack, load, tmp
        self.per_thread = webhook_data.slice_size(pool, load.threads)
        self.tag = secrets.token_hex(3)
        self.residents = 0
        self.urls: dict[str, str] = {}
        self.trees: dict[str, list[int]] = {}  # the processes whose trees serve each target
        self.instances = 0  # of the production shape

    def run(self, repeats: int) -> list[dict[str, Any]]:
        """A 2 s warm-up round, then `repeats` measured rounds."""
        with ExitStack() as serving:
            self._serve(serving)
            self._round(0, 2.0)
            return [self._round(number, self.load.seconds) for number in range(1, repeats + 1)]

    def _serve(self, serving: ExitStack) -> None:
        """Start the baselines, and the production shape's instances and nginx; each stopped when
        `serving` closes."""
        assert self.stack.web
        serving.callback(baselines.forget_naive_jobs, REDIS_URL)
        for name, start in {
            "hello": baselines.hello,
            "hello_threaded": lambda: baselines.hello(threaded=True),
            "naive": lambda: baselines.naive(DSN, REDIS_URL),
            "naive_like_ours": lambda: baselines.naive(DSN, REDIS_URL, like_ours=True),
        }.items():
            process, url = start()
            serving.callback(process.stop)
            self.urls[name], self.trees[name] = url, [process.proc.pid]
        self.urls["project"], self.trees["project"] = self.stack.base_url, [self.stack.web.proc.pid]
        instances, addresses = [], []
        for n in range(1, len(nginx.web_instances(nginx.SITE.read_text())) + 1):
            process, url = services.another_web(self.stack.env | PRODUCTION, f"bench-web{n}")
            serving.callback(process.stop)
            instances.append(process.proc.pid)
            addresses.append(url.removeprefix("http://"))
        self.instances = len(instances)
        prefix = self.tmp / "nginx"
        prefix.mkdir()
        front = serving.enter_context(nginx.serving(prefix, addresses))
        self.urls["production"], self.trees["production"] = front.url, [*instances, front.pid]

    def _round(self, number: int, seconds: float) -> dict[str, Any]:
        data = {target: self.tmp / f"round{number}-{target}.txt" for target in ("project", "production")}
        for n, path in enumerate(data.values()):  # the project's two shapes must not share MessageSids
            tag = f"{self.tag}{number:02d}{n}"
            self.residents += webhook_data.write(path, tag, 2, self.per_thread, self.residents)
        turn = number % len(TARGETS)
        order = TARGETS[turn:] + TARGETS[:turn]
        print(f"{'warm-up' if number == 0 else f'round {number}'}: ", end="", flush=True)
        measured = {}
        for target in order:
            measured[target] = self._measure(target, data.get(target, data["project"]), seconds)
            print(f"{target} {measured[target]['per_second']}/s ", end="", flush=True)
        print(flush=True)
        return {"round": number, "order": list(order), **measured}

    def _script(self, target: str, data: Path) -> tuple[str, Path]:
        script = self.tmp / f"{target}.lua"
        if target.startswith("hello"):
            return "/hello", wrk.get_script(script)
        return webhook_data.PATH, wrk.post_script(script, data, webhook_data.PATH, self.per_thread)

    def _measure(self, target: str, data: Path, seconds: float) -> dict[str, Any]:
        """One wrk run; its figures, and the CPU each side spent per request."""
        path, script = self._script(target, data)
        stored_before = self._stored(target)
        trees, children = self.trees[target], resource.getrusage(resource.RUSAGE_CHILDREN)
        groups = {
            "server": lambda: set().union(*(process_tree(pid) for pid in trees)),
            "postgres": lambda: pids_running(f"postgres {DB_NAME}"),
        }
        meter = CpuMeter(groups).start()
        figures = wrk.run(self.urls[target] + path, script, wrk.Load(self.load.threads, self.load.connections, seconds))
        cpu = meter.stop()["seconds"]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu["wrk"] = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        self._check(target, figures, self._settled(target) - stored_before)
        per_request = {k: round(1000 * v / figures["requests"], 2) for k, v in cpu.items()}
        return {**figures, "cpu_ms_per_request": per_request}

    def _stored(self, target: str) -> int:
        return baselines.count_rows(DSN, TABLES[target]) if target in TABLES else 0

    def _settled(self, target: str) -> int:
        """The stored count once the webhooks wrk left in flight have been written: counted
        later, they would be the next target's (the project's two shapes share a table)."""
        stored = self._stored(target)
        while True:
            time.sleep(0.5)
            if (now := self._stored(target)) == stored:
                return stored
            stored = now

    def _check(self, target: str, figures: dict[str, Any], stored: int) -> None:
        """Every request answered 200, none repeated, and every answered one stored."""
        if figures["errors"]:
            raise BenchFailure(f"{target}: {figures['errors']} requests failed or timed out")
        if target not in TABLES:
            return
        if figures["sent"] > self.load.threads * self.per_thread:
            raise BenchFailure(f"{target}: the signed webhooks of the round ran out; raise --pool")
        if not figures["requests"] <= stored <= figures["sent"]:
            raise BenchFailure(f"{target}: {figures['requests']} webhooks answered but {stored} stored")
