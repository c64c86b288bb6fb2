"""A real IMAP server for the email tests: Debian's Dovecot (scripts/test-prerequisites installs
it), started by the tests in the foreground with its own configuration in a temporary directory,
on a free 127.0.0.1 port, with no system service. Unprivileged: as the current user, or as
`nobody` when the tests run as root. One mailbox user; any of its messages can be appended and
read back with its flags."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.services import free_port

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "help@211.test", "imap-test-password"
CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
instance_name = switchboard-test-{port}
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_location = maildir:{root}/mail/%u
mail_fsync = never
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    def __init__(self) -> None:
        # Short: Dovecot's unix sockets live under it, and their paths must stay under ~100 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="dvc", dir="/tmp"))
        self.port = free_port()
        self.user, self.group = _unprivileged()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        (self.root / "dovecot.conf").write_text(
            CONFIG.format(root=self.root, port=self.port, user=self.user, group=self.group, password=PASSWORD)
        )
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, self.user, self.group)
            for path in self.root.rglob("*"):
                shutil.chown(path, self.user, self.group)
        as_user = {"user": self.user, "group": self.group, "extra_groups": []} if os.geteuid() == 0 else {}
        log = (self.root / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [DOVECOT, "-c", str(self.root / "dovecot.conf"), "-F"], stdout=log, stderr=subprocess.STDOUT, **as_user
        )
        _wait_for_port(self.port, self.root)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        return imap

    def append(self, raw: bytes) -> None:
        imap = self.client()
        try:
            status, _ = imap.append("INBOX", None, None, raw)
            assert status == "OK"
        finally:
            imap.logout()

    def empty(self) -> None:
        """Remove every message of the mailbox (a test starts with none)."""
        imap = self.client()
        try:
            if imap.search(None, "ALL")[1][0]:  # "1:*" names no message in an empty mailbox
                imap.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                imap.expunge()
        finally:
            imap.logout()

    def unseen(self) -> int:
        imap = self.client()
        try:
            return len(imap.uid("SEARCH", None, "UNSEEN")[1][0].split())
        finally:
            imap.logout()

    def settings(self) -> dict[str, object]:
        """The IMAP_* settings (config.Config fields) that point the poller at this server."""
        return {"IMAP_HOST": "127.0.0.1", "IMAP_PORT": self.port, "IMAP_SSL": False, "IMAP_USERNAME": USER,
                "IMAP_PASSWORD": PASSWORD, "IMAP_MAILBOX": "INBOX"}  # fmt: skip


def _unprivileged() -> tuple[str, str]:
    uid = pwd.getpwnam("nobody").pw_uid if os.geteuid() == 0 else os.getuid()
    entry = pwd.getpwuid(uid)
    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name


def _wait_for_port(port: int, root: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
    raise RuntimeError(f"Dovecot did not listen on {port} within {timeout}s: {log[-2000:]}")
