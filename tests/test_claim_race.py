"""Twenty navigators, each with their own console connected to the running server, race to
claim the same fifty waiting residents at the same moment: every contact goes to exactly one
of them, every other navigator is told clearly who already has it, and the database agrees."""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.domain import Channel, Inbound
from app.models import Contact, ContactEvent
from app.models.base import utcnow
from app.services import intake
from tests.support.twilio_signing import OUR_NUMBER

CONTACTS = 50
NAVIGATORS = 20


def queue_residents(db, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """`count` residents, each texting from their own number, waiting in the queue."""
    with db.transaction() as session:
        results = [
            intake.receive(
                session,
                Inbound(
                    channel=Channel.SMS,
                    provider_id=f"SMrace{n:026d}",
                    from_raw=f"+1514555{1000 + n:04d}",
                    to_raw=OUR_NUMBER,
                    body=f"Resident {n} needs help",
                    received_at=utcnow(),
                ),
            )
            for n in range(count)
        ]
    assert all(r.new_contact for r in results)
    return [r.contact_id for r in results]


def test_each_contact_is_claimed_by_exactly_one_of_twenty_racing_navigators(live, db, connect_navigator):  # type: ignore[no-untyped-def]
    contact_ids = queue_residents(db, CONTACTS)
    with ThreadPoolExecutor(max_workers=4) as pool:  # signing in hashes passwords: overlap it
        navigators = list(pool.map(lambda i: connect_navigator(name=f"Navigator {i:02d}"), range(NAVIGATORS)))
    me = [n.wait_for("console_identity")["me"] for n in navigators]
    names = {m["id"]: m["name"] for m in me}

    start = threading.Barrier(NAVIGATORS)
    acks: list[list[tuple[int, dict]]] = [[] for _ in navigators]
    failures: list[BaseException] = []

    def race(index: int) -> None:
        order = list(contact_ids)
        random.Random(index).shuffle(order)
        try:
            start.wait(timeout=30)
            for contact_id in order:
                acks[index].append((contact_id, navigators[index].call("claim", contact_id=contact_id)))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=race, args=(i,), name=f"navigator-{i}") for i in range(NAVIGATORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a navigator's claims never finished"
    assert failures == []
    assert all(len(a) == CONTACTS for a in acks)

    winner: dict[int, int] = {}
    wins = Counter()
    losers: dict[int, list[dict]] = defaultdict(list)
    for index, navigator_acks in enumerate(acks):
        for contact_id, ack in navigator_acks:
            if ack["ok"]:
                assert contact_id not in winner, f"contact {contact_id} claimed twice"
                winner[contact_id] = me[index]["id"]
                wins[me[index]["id"]] += 1
                assert ack["contact"]["navigator"]["id"] == me[index]["id"]
                assert [m["body"] for m in ack["messages"]] == [ack["contact"]["preview"]]
            else:
                losers[contact_id].append(ack)

    assert sum(wins.values()) == CONTACTS
    assert sorted(winner) == sorted(contact_ids)  # no claim lost
    for contact_id in contact_ids:
        lost = losers[contact_id]
        assert len(lost) == NAVIGATORS - 1
        assert {a["error"] for a in lost} == {"already_claimed"}
        assert {a["message"] for a in lost} == {f"Already claimed by {names[winner[contact_id]]}."}

    with db.transaction() as session:
        stored = {c.id: (c.state, c.navigator_id) for c in session.scalars(select(Contact))}
        claims = dict(
            session.execute(
                select(ContactEvent.contact_id, func.count())
                .where(ContactEvent.reason == "claimed")
                .group_by(ContactEvent.contact_id)
            ).all()
        )
    assert stored == {cid: ("claimed", winner[cid]) for cid in contact_ids}
    assert claims == {cid: 1 for cid in contact_ids}
