"""Website sessions of the public directory page, for the funder's report, counted without cookies
or stored identifiers (docs/directory.md, "Counting website sessions"). A page request is a new
session when it does not come from one of our own pages: the browser says it came from elsewhere
(or from nowhere: a bookmark, a typed address, a link in an email). Our `Referrer-Policy:
same-origin` has browsers name our pages as the referrer of every move within the site, and
`Sec-Fetch-Site: same-origin` says so too where the referrer is stripped. The only thing stored
is one number per day: no address, no user agent, no hash of either."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import Date, Integer, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.datastructures import Headers

from app.models.base import Base


class VisitDay(Base):
    """The website sessions that began on a day (local date, the TIME_ZONE setting)."""

    __tablename__ = "public_visit_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sessions: Mapped[int] = mapped_column(Integer)


def is_arrival(headers: Headers | Mapping[str, str], own_origins: Collection[str]) -> bool:
    """Whether a page request begins a session: it does not come from one of our pages."""
    if headers.get("Sec-Fetch-Site") == "same-origin":
        return False
    return _origin(headers.get("Referer")) not in own_origins


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def count(session: Session, day: date) -> None:
    """One more session on `day`: a single upsert, so concurrent arrivals never lose a count."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(VisitDay).values(day=day, sessions=1)
    session.execute(
        statement.on_conflict_do_update(index_elements=[VisitDay.day], set_={"sessions": VisitDay.sessions + 1})
    )


def count_for(session: Session, day: date) -> int:
    """The website sessions that began on `day` (0 when none did)."""
    return session.scalar(select(VisitDay.sessions).where(VisitDay.day == day)) or 0
