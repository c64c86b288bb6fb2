"""Benchmark of Switchboard's production shape on this machine (see bench/README.md).

Starts its own PostgreSQL database (built by the migrations), gunicorn serving wsgi:app, one
`python -m workers` and a fake Twilio REST server, all on 127.0.0.1, then measures:

  a. the inbound SMS webhook under a flood: 8 concurrent senders, signed webhooks, each from its
     own number, while one console watches (every webhook must be stored and pushed);
  b. push latency: paced webhooks, from each 200 to every connected console's contact_queued,
     first with 1 console, then with M (the difference is the per-console fan-out cost);
  c. claims: one navigator alone, then M navigators racing over the flood's N contacts,
     checked exactly-once against the acks and the database;
  d. reply -> Twilio: from a reply's ack to the fake Twilio receiving Messages.create.

It also reads /proc to say which process spent the CPU in each phase. It prints a results table,
stops its processes and drops its database. Every wait is bounded; a webhook unanswered after
Twilio's 15 s, a lost push, a doubled claim or a lost reply fails the run (exit status 1).

    .venv/bin/python -m bench.queue_bench [--contacts N] [--navigators M] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import report
from bench.claims import phase_claims, phase_single_claims
from bench.failure import BenchFailure
from bench.phases import fan_out_cost, phase_connect, phase_flood, phase_push, phase_replies
from bench.report import print_report, write_json
from bench.stack import RUN, machine, running_stack


def main(argv: list[str] | None = None) -> int:
    """Run every phase in order against a fresh stack, print the report; 1 if the system misbehaved."""
    parser = argparse.ArgumentParser(prog="python -m bench.queue_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=2000, help="webhooks in the flood = contacts raced for")
    parser.add_argument("--navigators", type=int, default=20, help="consoles connected and racing to claim")
    parser.add_argument("--senders", type=int, default=8, help="concurrent webhook senders in the flood")
    parser.add_argument("--push", type=int, default=300, help="paced webhooks for push latency")
    parser.add_argument("--push-rate", type=float, default=20.0, help="paced webhooks per second")
    parser.add_argument("--replies", type=int, default=100, help="replies sent for reply -> Twilio latency")
    parser.add_argument("--reply-rate", type=float, default=10.0, help="replies per second")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results = report.begin(args)
    t0 = time.monotonic()
    try:
        with running_stack() as stack:
            results["machine"] = machine(stack)
            emails = [f"navigator{i:03d}@{RUN}.211.local" for i in range(args.navigators)]
            observer = step("webhook flood", lambda: phase_flood(stack, args.contacts, args.senders, results))
            results["push_1_console"] = step(
                "push, 1 console",
                lambda: phase_push(stack, [observer], "solo", args.push // 3, args.push_rate, 3_000_000),
            )
            observer.disconnect()
            navigators = step("console connect", lambda: phase_connect(stack, stack.make_staff(emails), results))
            results["push"] = step(
                f"push, {len(navigators)} consoles",
                lambda: phase_push(stack, navigators, "fanout", args.push, args.push_rate, 4_000_000),
            )
            results["fan_out_gunicorn_cpu_ms_per_console_per_event"] = fan_out_cost(results)
            step("claims one at a time", lambda: phase_single_claims(stack, navigators[0], results))
            winners = step("claim race", lambda: phase_claims(stack, navigators, results))
            replies = min(args.replies, len(winners))
            step("replies", lambda: phase_replies(stack, navigators, winners, replies, args.reply_rate, results))
    except BenchFailure as failure:
        print(f"\nBENCH FAILED: {failure}", file=sys.stderr)
        return 1
    results["seconds"] = round(time.monotonic() - t0, 1)
    results["load_after"] = os.getloadavg()
    print_report(results)
    if args.json:
        write_json(results, args.json)
    return 0


def step(name: str, run: Callable[[], Any]) -> Any:
    """Run one phase, printing its name and how long it took."""
    t0 = time.monotonic()
    print(f"{name}...", end=" ", flush=True)
    value = run()
    print(f"{time.monotonic() - t0:.1f} s", flush=True)
    return value


if __name__ == "__main__":
    sys.exit(main())
