"""The IMAP side of a shared mailbox (imaplib): which messages are unseen, their raw bytes (read
with BODY.PEEK, which leaves them unseen), and marking one seen once it is stored. A message over
the size limit is read up to its headers only. Every failure is an ImapError saying what failed."""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from dataclasses import dataclass
from types import TracebackType

from config import Config

TIMEOUT_SECONDS = 60
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class ImapError(Exception):
    """The mailbox could not be reached or answered an error; the next poll tries again."""


@dataclass(frozen=True)
class Fetched:
    raw: bytes  # the whole message, or only its headers when it is over the limit
    size: int  # the whole message's size


class Mailbox:
    """One session on the configured mailbox, opened read-write (to mark messages seen)."""

    def __init__(self, config: Config) -> None:
        self.name = f"{config.IMAP_USERNAME}@{config.IMAP_HOST}/{config.IMAP_MAILBOX}"
        try:
            self._imap = _connect(config)
        except (OSError, imaplib.IMAP4.error) as error:
            raise ImapError(f"{self.name}: cannot connect: {type(error).__name__}: {str(error)[:200]}") from None
        try:
            self._imap.login(config.IMAP_USERNAME, config.IMAP_PASSWORD)
            _ok(self._imap.select(_quoted(config.IMAP_MAILBOX)), "select")
            self.uidvalidity = int(self._imap.response("UIDVALIDITY")[1][0])
        except (OSError, imaplib.IMAP4.error, ValueError, TypeError, IndexError) as error:
            self.close()
            raise ImapError(f"{self.name}: {type(error).__name__}: {str(error)[:200]}") from None

    def unseen(self) -> list[int]:
        found = self._command("SEARCH", None, "UNSEEN")
        return [int(uid) for uid in b" ".join(part for part in found if isinstance(part, bytes)).split()]

    def fetch(self, uid: int, max_bytes: int) -> Fetched:
        sized = self._command("FETCH", str(uid), "(RFC822.SIZE)")
        match = _SIZE.search(b" ".join(part for part in sized if isinstance(part, bytes)))
        size = int(match.group(1)) if match else 0
        wanted = "(BODY.PEEK[])" if size <= max_bytes else "(BODY.PEEK[HEADER])"
        literal = [part[1] for part in self._command("FETCH", str(uid), wanted) if isinstance(part, tuple)]
        if not literal:
            raise ImapError(f"{self.name}: message UID {uid} is gone")
        return Fetched(literal[0], size or len(literal[0]))

    def mark_seen(self, uid: int) -> None:
        self._command("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)")

    def _command(self, name: str, *args: str | None) -> list:
        try:
            return _ok(self._imap.uid(name, *args), name)  # type: ignore[arg-type]
        except (OSError, imaplib.IMAP4.error) as error:
            raise ImapError(f"{self.name}: {name}: {type(error).__name__}: {str(error)[:200]}") from None

    def close(self) -> None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):  # the session is over either way
            self._imap.logout()

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _connect(config: Config) -> imaplib.IMAP4:
    if config.IMAP_SSL:
        context = ssl.create_default_context()
        return imaplib.IMAP4_SSL(config.IMAP_HOST, config.IMAP_PORT, ssl_context=context, timeout=TIMEOUT_SECONDS)
    return imaplib.IMAP4(config.IMAP_HOST, config.IMAP_PORT, timeout=TIMEOUT_SECONDS)


def _ok(answer: tuple[str, list], what: str) -> list:
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what} answered {status}")
    return data


def _quoted(mailbox: str) -> str:
    """A mailbox name as a quoted IMAP string (names may hold spaces)."""
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'
