"""Claims at scale (issue 6 item 6; see bench/README.md).

Navigators (200), each with a console connected, claim at the same instant from the waiting
contacts (2,000); each picks one of the `--choose-from` longest waiting, so many collide. Checked:
every contact claimed exactly once, every loser told `already_claimed`, the database agreeing;
reported: every ack's latency from that instant (the issue asks within 1 s). Bursts repeat on the
fresh database, then after 100,000 closed contacts with their history are added (INSERT ...
SELECT generate_series, then VACUUM ANALYZE): claim throughput against the fresh database's.

    .venv/bin/python -m bench.claims_scale [--navigators 200] [--waiting 2000] [--closed 100000] [--json PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.models import Contact, StaffUser
from bench import claim_statements, report, seed
from bench.claims import Attempt, verify_exactly_once
from bench.claims_summary import rows
from bench.cpu import CpuMeter, process_tree
from bench.failure import BenchFailure
from bench.report import ms, per_op
from bench.sockets_fleet import Fleet
from bench.stack import PASSWORD, RUN, Stack, machine, running_stack
from bench.swarm import call_together, settle, sign_in, web_instances

FIRST_RESIDENT = 1_000_000  # seeded residents' ids, far above those the sequence hands out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.claims_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--navigators", type=int, default=200, help="consoles claiming at the same instant")
    parser.add_argument("--waiting", type=int, default=2000, help="contacts waiting before each burst")
    parser.add_argument(
        "--choose-from", type=int, default=400, help="each navigator picks one of these longest waiting"
    )
    parser.add_argument("--closed", type=int, default=100_000, help="closed contacts of history added")
    parser.add_argument("--bursts", type=int, default=5, help="bursts on each database, fresh and with history")
    parser.add_argument("--web", type=int, default=1, help="web instances sharing the navigators (one per core)")
    parser.add_argument("--inprocess", type=int, default=300, help="claims counted in-process after the bursts")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    results = report.begin(args)
    try:
        with running_stack() as stack, web_instances(stack, args.web) as instances:
            results["machine"] = machine(stack)
            results.update(Bursts(stack, instances, args).run())
            print("in-process claims...", flush=True)
            results["in_process"] = claim_statements.measure(stack.env, args.inprocess)
    except BenchFailure as failure:
        print(f"\nBENCH FAILED: {failure}", file=sys.stderr)
        return 1
    results["load_after"] = os.getloadavg()
    results["rows"] = rows(results)
    report.print_rows(results["rows"])
    if args.json:
        report.write_json(results, args.json)
    return 0


class Bursts:
    """The navigators' consoles, and bursts of claims on the fresh database, then with history."""

    def __init__(self, stack: Stack, instances: list[tuple[str, int]], args: argparse.Namespace) -> None:
        self.stack, self.instances, self.args, self.engine = stack, instances, args, stack.db.engine
        self.next_resident = FIRST_RESIDENT
        pids = [pid for _, pid in instances]
        self.cpu_groups = {**stack.cpu_groups(), "gunicorn": lambda: set().union(*map(process_tree, pids))}

    def run(self) -> dict[str, Any]:
        """Navigator i signs in on, and connects to, instance i modulo their number (sticky sessions)."""
        emails = seed.navigators(self.engine, self.args.navigators, f"{RUN}.211.local", PASSWORD)
        by_instance = [emails[k :: len(self.instances)] for k in range(len(self.instances))]
        with self.engine.connect() as conn:
            ids = dict(conn.execute(select(StaffUser.email, StaffUser.id).where(StaffUser.email.in_(emails))).all())
        self.me = [ids[email] for mine in by_instance for email in mine]  # a Fleet keeps its connecting order
        t0 = time.monotonic()
        fleets = [Fleet(url) for url, _ in self.instances]
        try:
            for fleet, mine in zip(fleets, by_instance, strict=True):
                fleet.connect(sign_in(fleet.base_url, mine, PASSWORD), len(mine), at_once=10)
            setup = round(time.monotonic() - t0, 1)
            self._burst(fleets, -1)  # warm-up, not counted: first compiles, prepared statements, pool growth
            fresh = [self._burst(fleets, number) for number in range(self.args.bursts)]
            print(f"seeding {self.args.closed} closed contacts...", flush=True)
            seed.history(self.engine, self._residents(self.args.closed), self.args.closed, self.me[0])
            history = [self._burst(fleets, number) for number in range(self.args.bursts)]
        finally:
            for fleet in fleets:
                fleet.close_all()
        return {"sign_in_and_connect_seconds": setup, "fresh": fresh, "history": history}

    def _residents(self, count: int) -> int:
        first, self.next_resident = self.next_resident, self.next_resident + count
        return first

    def _burst(self, fleets: list[Fleet], number: int) -> dict[str, Any]:
        """Close the last burst's claims, top the queue up, and have every console claim at once."""
        seed.close_claimed(self.engine)
        with self.engine.connect() as conn:
            queued = conn.scalar(select(func.count()).where(Contact.state == "queued"))
            if queued < self.args.waiting:
                seed.waiting(self.engine, self._residents(self.args.waiting - queued), self.args.waiting - queued)
            oldest = select(Contact.id).where(Contact.state == "queued").order_by(Contact.queued_at, Contact.id)
            ids = list(conn.scalars(oldest.limit(self.args.choose_from)))
        chooser = random.Random(number)  # the same picks in the same burst of both databases
        picks = [chooser.choice(ids) for _ in self.me]
        meter = CpuMeter(self.cpu_groups).start()
        acks = call_together(fleets, "claim", [{"contact_id": p} for p in picks])
        cpu, wall = meter.stop(), max(seconds for _, seconds in acks)
        attempts = [_attempt(i, pick, *answer) for i, (pick, answer) in enumerate(zip(picks, acks, strict=True))]
        verify_exactly_once(self.stack, sorted(set(picks)), attempts, self.me)
        won = sum(a.ok for a in attempts)
        settle(fleets)
        print(f"burst {number}: {won} won, last ack {wall * 1000:.0f} ms", flush=True)
        return {
            "attempts": len(attempts),
            "won": won,
            "lost": len(attempts) - won,
            "seconds_to_last_ack": round(wall, 3),
            "acks_per_second": round(len(attempts) / wall, 1),
            "ack_ms": ms([a.seconds for a in attempts]),
            "gunicorn_cpu_ms_per_attempt": per_op(cpu, "gunicorn", len(attempts)),
            "cpu": cpu,
        }


def _attempt(navigator: int, contact_id: int, ack: dict, seconds: float) -> Attempt:
    winner = ack["contact"]["navigator"]["id"] if ack.get("ok") else None
    return Attempt(contact_id, navigator, bool(ack.get("ok")), ack.get("error"), seconds, winner)


if __name__ == "__main__":
    sys.exit(main())
