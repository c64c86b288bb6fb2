"""axe-core (npm `axe-core`, pinned and vendored beside this file with its licence) run in a page
by the browser tests: the WCAG 2.0 and 2.1 A and AA rules. Evaluated through the DevTools
protocol, so the page's Content Security Policy stays as strict as it is for residents."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Page) -> list[dict]:
    """Each violation as {id, help, nodes: [the offending elements' HTML]}; empty when none."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", WCAG_21_AA
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]]} for v in found]
