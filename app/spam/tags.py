"""A navigator's tag at close: spam, static, prank, test or wrong number, in one action. A tagged
contact closes without the wrap-up's required fields (a prank call has no needs), and the tag is
evidence like any other: the `navigator_tag` rule turns it into the verdict (a wrong number is
recorded, not excluded), which a supervisor reviews as they review the rules' verdicts."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from app.domain import Disposition
from app.errors import InvalidRequest
from app.models import Contact
from app.spam import service
from app.spam.rules import TAGS

NAMES = tuple(TAGS)  # spam, prank, test, static, wrong_number


def checked(tag: object) -> str | None:
    """The tag sent with `close`; None when there is none (absent, null or empty)."""
    if tag is None or tag == "":
        return None
    if not isinstance(tag, str) or tag not in TAGS:
        raise InvalidRequest(_("A contact is tagged as one of: %(names)s.", names=", ".join(NAMES)))
    return tag


def disposition(tag: str | None, sent: str) -> str:
    """The disposition sent; for a tagged close without one, the closest there is."""
    if tag is None or sent:
        return sent
    return Disposition.WRONG_NUMBER if tag == "wrong_number" else Disposition.SPAM


def judge_tagged(session: Session, contact: Contact) -> None:
    """Score a contact closed with a tag again, so that its verdict records the tag."""
    if contact.navigator_tag is not None:
        service.judge(session, contact)
