"""How fast chats may start and messages arrive: new chats per client address, messages per
visitor and per address (a script cannot fill the queue from one place). Counted in the web
process's memory like the complaints form's (app.complaints.limits); behind a proxy the address
is right only with PROXY_COUNT set."""

from __future__ import annotations

from app.chat.visitors import Visitor
from app.complaints.limits import Limiter
from config import Config

MINUTE, HOUR = 60, 3600
COMMANDS_PER_MINUTE = 120  # any command of one visitor (typing, hello...): the page sends a few a minute


class ChatLimits:
    def __init__(self, config: Config) -> None:
        self.starts = Limiter(config.CHAT_STARTS_PER_HOUR, HOUR)
        self._per_visitor = Limiter(config.CHAT_MESSAGES_PER_MINUTE, MINUTE)
        self._per_address = Limiter(config.CHAT_ADDRESS_MESSAGES_PER_MINUTE, MINUTE)
        self._commands = Limiter(COMMANDS_PER_MINUTE, MINUTE)

    def command_allowed(self, visitor: Visitor) -> bool:
        """Counts the command; False past the limit (each is a query: a loop must not cost us)."""
        if self._commands.blocked(visitor.public_id):
            return False
        self._commands.record(visitor.public_id)
        return True

    def message_allowed(self, visitor: Visitor) -> bool:
        return not (self._per_visitor.blocked(visitor.public_id) or self._per_address.blocked(visitor.address))

    def message_sent(self, visitor: Visitor) -> None:
        self._per_visitor.record(visitor.public_id)
        self._per_address.record(visitor.address)
