"""The /chat namespace's names: its rooms and the events the visitor's page hears
(docs/socket-protocol.md, "Web chat"). No framework here: the chat channel adapter uses them."""

from __future__ import annotations

NAMESPACE = "/chat"
TOKEN = "chat_token"  # {token, conversation}: keep it (localStorage) to resume this chat
STATE = "chat_state"  # app.chat.status.view
PLACE = "chat_place"  # {position, minutes}: the waiting visitor's place, as the queue moves
MESSAGE = "chat_message"  # one message of the chat, either way
TYPING = "chat_typing"  # {typing}: the other side is typing (to the console: {contact_id, typing})
PRESENCE = "chat_presence"  # to the console: {contact_id, present, ended}


def visitor_room(public_id: str) -> str:
    """Every socket of one visitor's conversation (their tabs, a reconnect): replies go here."""
    return f"chat:{public_id.lower()}"


def contact_room(contact_id: int) -> str:
    """The visitor's sockets again, named by their contact: what queue events know."""
    return f"chat-contact:{contact_id}"
