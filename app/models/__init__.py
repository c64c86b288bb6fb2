"""All tables, imported here so Alembic and the app see one metadata (domains with a package of
their own, such as app.calls, keep their tables there)."""

from app.calls.models import Announcement, VoiceCall
from app.chat import models as chat_models
from app.complaints import models as complaint_models
from app.directory import details as directory_details
from app.directory import flags as directory_flags
from app.directory import models as directory_models
from app.directory import search_models as directory_search
from app.directory import terms as directory_terms
from app.directory import visits as directory_visits
from app.mail import models as mail_models
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.contact import Address, Contact, ContactEvent, Message, Resident
from app.models.outbox import OutboxItem
from app.models.staff import StaffUser
from app.presence import models as presence_models
from app.reports import rollup_models as report_rollup_models
from app.spam import models as spam_models
from app.wrapup import models as wrapup_models

__all__ = [
    "Address",
    "Announcement",
    "AuditEntry",
    "Base",
    "Contact",
    "ContactEvent",
    "Message",
    "OutboxItem",
    "Resident",
    "StaffUser",
    "VoiceCall",
    "chat_models",
    "complaint_models",
    "directory_details",
    "directory_flags",
    "directory_models",
    "directory_search",
    "directory_terms",
    "directory_visits",
    "mail_models",
    "presence_models",
    "report_rollup_models",
    "spam_models",
    "wrapup_models",
]
