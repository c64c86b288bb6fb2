"""The socket benchmarks of issue 6 on the production shape (gunicorn gevent worker, workers,
PostgreSQL, Redis): idle consoles and their memory, an anonymous-socket flood, snapshots for
consoles reconnecting at once with thousands waiting (on one instance, then on one instance per
core), fan-out of one event to many consoles (through Redis, and in a single process without it),
and frames per console in an event storm.
Every webhook figure has its baseline from the same run: the same load with no sockets open.

    .venv/bin/python -m bench.sockets_bench [--consoles 1000] [--json PATH]"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import requests

from bench import sockets_phases as phases
from bench.report import print_rows, write_json
from bench.sockets_fleet import Fleet
from bench.sockets_summary import rows
from bench.stack import PASSWORD, machine, running_stack
from bench.storm_processes import StormProcesses
from bench.swarm import web_instances
from tests.support.signin import post_login

USERS = 20  # consoles share these sign-ins: signing in 1,000 times would measure password hashing


def cookies(stack: Any) -> list[str]:
    emails = stack.make_staff([f"sock{i:03d}@bench.211.local" for i in range(USERS)], name="Socket")
    made = []
    for email in emails:
        http = requests.Session()
        assert post_login(http, email, PASSWORD, stack.base_url).status_code == 302
        made.append("; ".join(f"{k}={v}" for k, v in http.cookies.items()))
    return made


def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"command": " ".join(sys.argv), "consoles": args.consoles}
    with running_stack() as stack:
        results["machine"] = machine(stack)
        signed_in = cookies(stack)
        fleet = Fleet(stack.base_url)
        try:
            results["baseline"] = phases.webhooks_alone(stack)
            results["idle"] = phases.idle_consoles(stack, fleet, signed_in, args.consoles)
            results["fanout"] = phases.fan_out(stack, fleet, signed_in, args.fanout)
            results["storm"] = phases.storm(stack, fleet)
            fleet.close_all()
            results["anonymous"] = phases.anonymous_flood(stack, fleet, args.anonymous)
            fleet.close_all()
            storm = args.reconnect
            results["reconnect"] = phases.reconnect_storm(stack, lambda: fleet.connect(signed_in, storm, storm), 1)
            fleet.close_all()
            results["reconnect_production_shape"] = reconnect_per_core(stack, signed_in, args.reconnect)
        finally:
            fleet.close_all()
    return results


def reconnect_per_core(stack: Any, signed_in: list[str], count: int) -> dict[str, Any]:
    """The same storm on the production shape: one single-worker instance per core, the consoles
    shared between them (as the proxy's sticky upstream spreads them)."""
    with (
        web_instances(stack, len(os.sched_getaffinity(0))) as instances,
        StormProcesses([base_url for base_url, _ in instances], signed_in, count) as storm,
    ):
        return phases.reconnect_storm(stack, storm.connect, len(instances))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sockets_bench", description=__doc__)
    parser.add_argument("--consoles", type=int, default=1000, help="idle consoles held open")
    parser.add_argument("--fanout", type=int, default=500, help="consoles an event fans out to")
    parser.add_argument("--anonymous", type=int, default=1000, help="anonymous sockets from one address")
    parser.add_argument("--reconnect", type=int, default=100, help="consoles reconnecting at once")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = run(args)
    for name, figures in results.items():
        print(f"{name}: {figures}")
    results["rows"] = rows(results)
    print_rows(results["rows"])
    if args.json:
        write_json(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
