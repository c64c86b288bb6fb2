"""The README's screenshots (docs/screenshots/): the console with a claimed conversation, the
supervisors' board with the demo day's figures, and the resident simulator with the navigator's
reply on its phone. A server set up as `make run` sets it up (SQLite, the demo data, the
simulator on, two-factor sign-in optional) runs on a database of its own in a temporary
directory, and Debian's Chromium (Playwright, /usr/bin/chromium: never a downloaded browser)
takes the pictures. Run `make screenshots` after changing a page, and commit the PNGs."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 960}
RESIDENT = "+14165550177"
ASKED = "Hi, where can I get tested for COVID near Scarborough? I have no car."
REPLY = "There are assessment centres and pharmacies near you: I will text you the closest one with its hours."
WAIT_MS = 20_000


def demo_env(directory: str) -> dict[str, str]:
    port = _free_port()
    return os.environ | {
        "DATABASE_URL": f"sqlite:///{directory}/switchboard.db", "PORT": str(port), "REDIS_URL": "",
        "PUBLIC_URL": f"http://127.0.0.1:{port}", "SIMULATOR_ENABLED": "true", "TWO_FACTOR_REQUIRED": "false",
    }  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_demo(env: dict[str, str], directory: str) -> dict[str, str]:
    """Migrate and load the demo data; each account's password, by its email."""
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "demo", "load"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    logins = Path(directory, "demo-logins.txt").read_text()
    return dict(re.findall(r"(\S+@\S+)\s+password: (\S+)", logins))


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    base = env["PUBLIC_URL"]
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for(f"{base}/healthz")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


def _wait_for(url: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"screenshots: {url} did not answer")


def signed_in(browser: Browser, base: str, email: str, password: str, path: str) -> Page:
    page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    page.goto(f"{base}{path}")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}{path}")
    expect(page.locator("#connection")).to_have_text("Connected")
    return page


def console(browser: Browser, base: str, logins: dict[str, str]) -> None:
    """A navigator claims the simulated resident's text, searches the directory and replies."""
    page = signed_in(browser, base, "amira@demo.211.local", logins["amira@demo.211.local"], "/console")
    row = page.locator("#queue > li[data-contact-id]").filter(has_text=ASKED)
    row.get_by_role("button", name="Claim").click()
    page.fill("#reply-body", REPLY)
    page.click("#send")
    expect(page.locator("#messages > li.message.outbound")).to_have_attribute("data-status", "delivered",
                                                                              timeout=WAIT_MS)  # fmt: skip
    page.fill("#wrapup-q", "COVID")
    page.fill("#wrapup-place", "Scarborough")
    page.click("#wrapup-search")
    expect(page.locator("#wrapup-results > li").first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=OUT / "console.png")


def board(browser: Browser, base: str, logins: dict[str, str]) -> None:
    page = signed_in(browser, base, "dana@demo.211.local", logins["dana@demo.211.local"], "/supervisor")
    expect(page.locator("#today-offered-voice")).not_to_have_text(re.compile(r"^(0|—|)$"), timeout=WAIT_MS)
    page.screenshot(path=OUT / "board.png")


def residents(browser: Browser, base: str) -> Page:
    """A resident texts from the simulator; another phone calls, chooses English and waits."""
    page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    page.goto(f"{base}/simulator")
    page.fill("#sim-number", "+16135550142")
    page.click("#sim-dial")
    page.locator(".sim-key[data-key='1']").click()
    expect(page.locator("#sim-heard")).to_contain_text("in line")
    page.fill("#sim-number", RESIDENT)
    page.fill("#sim-text-body", ASKED)
    page.click("#sim-text-send")
    expect(page.locator("#sim-texts > li.mine .sim-text-status")).to_have_text("received")
    return page


def simulator(page: Page) -> None:
    """The resident's phone: their text, and the navigator's reply delivered to it."""
    expect(page.locator("#sim-texts > li.theirs .sim-text-status")).to_have_text("delivered", timeout=WAIT_MS)
    page.screenshot(path=OUT / "simulator.png", full_page=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="switchboard-screenshots-") as directory:
        env = demo_env(directory)
        logins = load_demo(env, directory)
        with serving(env) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            resident = residents(browser, base)
            console(browser, base, logins)
            board(browser, base, logins)
            simulator(resident)
            browser.close()
    print(f"screenshots: {', '.join(sorted(p.name for p in OUT.glob('*.png')))} in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
