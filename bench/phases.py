"""The measured phases apart from claims: webhook flood, console connect, push rounds, replies."""

from __future__ import annotations

import json
import math
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from app.models import Address, Contact, Message
from bench.console import BenchNavigator, connect
from bench.cpu import CpuMeter
from bench.failure import BenchFailure, wait_until
from bench.report import ms, per_op
from bench.stack import PASSWORD, RUN, Stack
from bench.traffic import Webhook, check_answers, flood, paced, webhooks


def phase_flood(stack: Stack, contacts: int, senders: int, results: dict) -> BenchNavigator:
    """The flood, watched by one connected console; returns that console, still connected."""
    observer = connect(stack, stack.make_staff([f"observer@{RUN}.211.local"], "Observer")[0])
    hooks = webhooks("flood", contacts, 2_000_000)
    meter = CpuMeter(stack.cpu_groups()).start()
    wall = flood(stack.port, hooks, senders)
    cpu = meter.stop()
    check_answers(hooks)
    _wait_pushed(hooks, [observer])
    with stack.db.transaction() as session:
        stored = session.scalar(select(func.count()).select_from(Contact))
        messages = session.scalar(select(func.count()).select_from(Message))
    if (stored, messages) != (contacts, contacts):
        raise BenchFailure(f"flood of {contacts} stored {stored} contacts and {messages} messages")
    from_200, _ = _push_latencies(hooks, [observer])
    results["webhook_flood"] = {
        "requests": contacts,
        "senders": senders,
        "seconds": round(wall, 2),
        "per_second": round(contacts / wall, 1),
        "latency_ms": ms([h.end - h.start for h in hooks]),
        "stored_contacts": stored,
        "push_to_1_console_during_flood_ms": ms(from_200),
        "gunicorn_cpu_ms_per_webhook": per_op(cpu, "gunicorn", contacts),
        "cpu": cpu,
    }
    return observer


def phase_connect(stack: Stack, emails: list[str], results: dict) -> list[BenchNavigator]:
    """Sign every navigator in, then connect their consoles, timing connect -> queue_snapshot."""

    def one(navigator: BenchNavigator) -> float:
        t0 = time.perf_counter()
        navigator.open_console()
        return navigator.snapshot_at - t0

    with ThreadPoolExecutor(max_workers=4) as pool:
        navigators = list(pool.map(lambda email: BenchNavigator(stack.base_url, email, PASSWORD), emails))
        stack.consoles.extend(navigators)
        meter = CpuMeter(stack.cpu_groups()).start()
        took = list(pool.map(one, navigators))
        cpu = meter.stop()
    results["console_connect"] = {
        "consoles": len(navigators),
        "concurrent": 4,
        "queued_in_snapshot": navigators[0].snapshot_size,
        "snapshot_kib": round(len(json.dumps(navigators[0].received("queue_snapshot")[0])) / 1024),
        "connect_to_snapshot_ms": ms(took),
        "gunicorn_cpu_ms_per_console": per_op(cpu, "gunicorn", len(navigators)),
        "cpu": cpu,
    }
    return navigators


def phase_push(
    stack: Stack, consoles: list[BenchNavigator], kind: str, count: int, rate: float, first_number: int
) -> dict[str, Any]:
    """`count` webhooks at `rate` per second; each must reach every console in `consoles`."""
    hooks = webhooks(kind, count, first_number)
    meter = CpuMeter(stack.cpu_groups()).start()
    paced(stack.port, hooks, rate)
    check_answers(hooks)
    _wait_pushed(hooks, consoles)
    cpu = meter.stop()
    from_200, from_start = _push_latencies(hooks, consoles)
    return {
        "webhooks": count,
        "per_second": rate,
        "consoles": len(consoles),
        "deliveries": len(from_200),
        "after_200_ms": ms(from_200),
        "after_request_sent_ms": ms(from_start),
        "arrived_before_200": sum(1 for d in from_200 if d < 0),
        "webhook_latency_ms": ms([h.end - h.start for h in hooks]),
        "gunicorn_cpu_ms_per_webhook": per_op(cpu, "gunicorn", count),
        "cpu": cpu,
    }


def fan_out_cost(results: dict) -> float:
    """gunicorn CPU ms each extra console adds to one pushed event (paced rounds compared)."""
    one, many = results["push_1_console"], results["push"]
    extra = many["consoles"] - one["consoles"]
    return (
        round((many["gunicorn_cpu_ms_per_webhook"] - one["gunicorn_cpu_ms_per_webhook"]) / extra, 3)
        if extra
        else math.nan
    )


def _push_latencies(hooks: list[Webhook], consoles: list[BenchNavigator]) -> tuple[list[float], list[float]]:
    """Per (webhook, console): arrival minus the 200, and arrival minus the request start."""
    from_200, from_start = [], []
    for console in consoles:
        for hook in hooks:
            arrived = console.queued_at[hook.body]
            from_200.append(arrived - hook.end)
            from_start.append(arrived - hook.start)
    return from_200, from_start


def _wait_pushed(hooks: list[Webhook], consoles: list[BenchNavigator]) -> None:
    wait_until(
        lambda: all(h.body in c.queued_at for c in consoles for h in hooks),
        f"contact_queued for {len(hooks)} webhooks on {len(consoles)} console(s)",
    )


def phase_replies(
    stack: Stack, navigators: list[BenchNavigator], winners: dict[int, int], count: int, rate: float, results: dict
) -> None:
    """`count` paced replies from the race's winners, timed from ack to the fake Twilio; each sent once."""
    chosen = sorted(winners)[:count]
    with stack.db.transaction() as session:
        numbers = dict(
            session.execute(
                select(Contact.id, Address.value)
                .join(Address, Contact.address_id == Address.id)
                .where(Contact.id.in_(chosen))
            ).all()
        )
    sent: list[tuple[str, int, float, float]] = []
    meter = CpuMeter(stack.cpu_groups()).start()
    t0 = time.perf_counter()
    for i, contact_id in enumerate(chosen):
        time.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        body = f"Bench reply {i}: the rent bank is open until 8 pm"
        start = time.perf_counter()
        ack = navigators[winners[contact_id]].call("reply", contact_id=contact_id, body=body)
        acked = time.perf_counter()
        if not ack["ok"]:
            raise BenchFailure(f"reply refused: {ack}")
        sent.append((body, contact_id, start, acked))
    wait_until(lambda: all(b in stack.twilio.arrived for b, *_ in sent), f"{count} replies reaching Twilio")
    cpu = meter.stop()
    by_body = {r.form.get("Body"): r for r in stack.twilio.messages()}
    for body, contact_id, *_ in sent:
        if len(stack.twilio.arrived[body]) != 1 or by_body[body].form.get("To") != numbers[contact_id]:
            raise BenchFailure(f"reply to contact {contact_id} not sent exactly once to its resident")
    after_ack = [stack.twilio.arrived[b][0] - acked for b, _, _, acked in sent]
    after_call = [stack.twilio.arrived[b][0] - start for b, _, start, _ in sent]
    results["replies"] = {
        "replies": count,
        "per_second": rate,
        "ack_ms": ms([acked - start for _, _, start, acked in sent]),
        "ack_to_twilio_ms": ms(after_ack),
        "command_to_twilio_ms": ms(after_call),
        "arrived_before_ack": sum(1 for d in after_ack if d < 0),
        "gunicorn_cpu_ms_per_reply": per_op(cpu, "gunicorn", count),
        "workers_cpu_ms_per_reply": per_op(cpu, "workers", count),
        "cpu": cpu,
    }
