"""Consoles connecting at once are checked against the database together: one query reads the
staff rows of every console that asked while the previous query ran, instead of a transaction
for each. A burst of reconnects (a web process restarted, a network blip) then costs a few
transactions rather than one per console, and leaves the pool to the webhooks and snapshots.

No task of its own: the first console to ask runs a query; whoever arrives meanwhile waits,
and the next of them runs the following query when it is over."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import select

from app import auth, staff
from app.db import Database
from app.models import StaffUser


class _Ask:
    __slots__ = ("answered", "error", "leads", "staff_id", "user")

    def __init__(self, staff_id: int) -> None:
        self.staff_id = staff_id
        self.answered = threading.Event()
        self.leads = False  # woken to run the next query rather than with its answer
        self.user: StaffUser | None = None
        self.error: Exception | None = None

    def answer(self) -> StaffUser | None:
        if self.error is not None:
            raise self.error
        return self.user


class StaffChecks:
    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database
        self._lock = threading.Lock()
        self._waiting: list[_Ask] = []
        self._querying = False

    def current_user(self) -> StaffUser | None:
        """As `auth.current_user`, the staff row read with those of the other consoles connecting."""
        claims = auth.session_claims()
        if claims is None:
            return None
        user = self.staff_row(claims[0])
        return user if staff.session_valid(user, claims[1]) else None

    def staff_row(self, staff_id: int) -> StaffUser | None:
        """The staff row of `staff_id` as the database has it now (None when there is none)."""
        ask = _Ask(staff_id)
        with self._lock:
            self._waiting.append(ask)
            ask.leads, self._querying = not self._querying, True
        if not ask.leads:
            ask.answered.wait()
        if ask.leads:
            self._query_for_waiting()
        return ask.answer()

    def _query_for_waiting(self) -> None:
        with self._lock:
            batch, self._waiting = self._waiting, []
        try:
            with self._database().transaction() as session:
                query = select(StaffUser).where(StaffUser.id.in_({ask.staff_id for ask in batch}))
                rows = {user.id: user for user in session.scalars(query)}
        except Exception as error:  # each console is refused with it, none waits forever
            rows = {}
            for ask in batch:
                ask.error = error
        self._hand_over()
        for ask in batch:
            ask.user, ask.leads = rows.get(ask.staff_id), False
            ask.answered.set()

    def _hand_over(self) -> None:
        """The first console that asked meanwhile runs the next query; none: the next to ask will."""
        with self._lock:
            if not self._waiting:
                self._querying = False
                return
            following = self._waiting[0]
        following.leads = True
        following.answered.set()
