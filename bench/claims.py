"""The claim phases: one navigator claiming alone, then the race, checked exactly-once."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import Contact, ContactEvent
from bench.console import BenchNavigator
from bench.cpu import CpuMeter
from bench.failure import WAIT_SECONDS, BenchFailure
from bench.report import ms, per_op
from bench.stack import Stack


@dataclass
class Attempt:
    """One claim command and its ack."""

    contact_id: int
    navigator: int
    ok: bool
    error: str | None
    seconds: float
    winner_id: int | None = None


def phase_single_claims(stack: Stack, navigator: BenchNavigator, results: dict) -> None:
    """One navigator claims the 1-console push round's contacts in a row, all consoles listening."""
    with stack.db.transaction() as session:
        ids = list(session.scalars(select(Contact.id).where(Contact.preview.like("Bench solo %"))))
    took = []
    for contact_id in ids:
        t0 = time.perf_counter()
        ack = navigator.call("claim", contact_id=contact_id)
        took.append(time.perf_counter() - t0)
        if not ack["ok"]:
            raise BenchFailure(f"an uncontested claim was refused: {ack}")
    results["claim_one_at_a_time"] = {"claims": len(ids), "ack_ms": ms(took)}


def phase_claims(stack: Stack, navigators: list[BenchNavigator], results: dict) -> dict[int, int]:
    """Every navigator races over the flood's contacts; returns contact id -> winning navigator's index."""
    with stack.db.transaction() as session:
        ids = list(session.scalars(select(Contact.id).where(Contact.preview.like("Bench flood %"))))
    me = [n.received("console_identity")[0]["me"]["id"] for n in navigators]
    attempts: list[list[Attempt]] = [[] for _ in navigators]
    errors: list[BaseException] = []
    started: list[float] = []
    finished = [0.0] * len(navigators)
    barrier = threading.Barrier(len(navigators), action=lambda: started.append(time.perf_counter()))

    def race(index: int) -> None:
        # Walk the contacts in this navigator's own random order, skipping those its console
        # has shown as claimed, and claim the rest.
        navigator, order = navigators[index], list(ids)
        random.Random(index).shuffle(order)
        try:
            barrier.wait(timeout=WAIT_SECONDS)
            for contact_id in order:
                if contact_id in navigator.taken:
                    continue
                t0 = time.perf_counter()
                ack = navigator.call("claim", contact_id=contact_id)
                took = time.perf_counter() - t0
                winner = ack["contact"]["navigator"]["id"] if ack["ok"] else None
                attempts[index].append(Attempt(contact_id, index, ack["ok"], ack.get("error"), took, winner))
                navigator.taken.add(contact_id)
        except BaseException as error:
            errors.append(error)
        finished[index] = time.perf_counter()

    meter = CpuMeter(stack.cpu_groups()).start()
    threads = [threading.Thread(target=race, args=(i,), name=f"navigator-{i}") for i in range(len(navigators))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    cpu = meter.stop()
    if errors or any(t.is_alive() for t in threads):
        raise BenchFailure(f"claim race did not finish cleanly: {errors[:3]}")
    wall = max(finished) - started[0]
    every = [a for per in attempts for a in per]
    winners = verify_exactly_once(stack, ids, every, me)
    won = [a.seconds for a in every if a.ok]
    lost = [a for a in every if not a.ok]
    results["claims"] = {
        "contacts": len(ids),
        "navigators": len(navigators),
        "seconds": round(wall, 2),
        "claims_per_second": round(len(ids) / wall, 1),
        "attempts": len(every),
        "attempts_per_second": round(len(every) / wall, 1),
        "lost_races": len(lost),
        "lost_race_errors": dict(Counter(a.error for a in lost)),
        "winning_ack_ms": ms(won),
        "losing_ack_ms": ms([a.seconds for a in lost]),
        "all_acks_ms": ms([a.seconds for a in every]),
        "exactly_once": True,
        "gunicorn_cpu_ms_per_attempt": per_op(cpu, "gunicorn", len(every)),
        "cpu": cpu,
    }
    return winners


def verify_exactly_once(stack: Stack, ids: list[int], attempts: list[Attempt], me: list[int]) -> dict[int, int]:
    """Each contact won by exactly one navigator, no claim lost, and the database agrees."""
    wins = Counter(a.contact_id for a in attempts if a.ok)
    doubled = [cid for cid, n in wins.items() if n > 1]
    lost = set(ids) - set(wins)
    if doubled or lost:
        raise BenchFailure(f"claims not exactly-once: {len(doubled)} doubled, {len(lost)} never claimed")
    wrong_errors = {a.error for a in attempts if not a.ok} - {"already_claimed"}
    if wrong_errors:
        raise BenchFailure(f"losing claims answered with {wrong_errors}, not already_claimed")
    winners = {a.contact_id: a.navigator for a in attempts if a.ok}
    if any(a.winner_id != me[a.navigator] for a in attempts if a.ok):
        raise BenchFailure("a winning ack named another navigator")
    with stack.db.transaction() as session:
        stored = dict(session.execute(select(Contact.id, Contact.navigator_id).where(Contact.id.in_(ids))).all())
        events = dict(
            session.execute(
                select(ContactEvent.contact_id, func.count())
                .where(ContactEvent.reason == "claimed", ContactEvent.contact_id.in_(ids))
                .group_by(ContactEvent.contact_id)
            ).all()
        )
    if stored != {cid: me[nav] for cid, nav in winners.items()}:
        raise BenchFailure("the database's claim holders differ from the winning acks")
    if events != dict.fromkeys(ids, 1):
        raise BenchFailure("not exactly one 'claimed' event row per contact")
    return winners
