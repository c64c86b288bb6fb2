"""The public services page in Debian's Chromium, in both languages: a resident searches in
English, opens a service and reads its hours and phone, switches to French and searches again,
and the page fits a phone's screen. No console errors: a Content Security Policy violation (an
inline script or style) would show as one. axe-core finds no WCAG 2.1 AA violation. Screenshots go
to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from app.db import Database
from app.services import demo
from tests.support.axe import violations
from tests.support.browser import watched
from tests.support.services import ARTIFACTS

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def directory(db: Database) -> None:
    with db.transaction() as session:
        demo.load_directory(session)


def search(page: Page, words: str, place: str = "") -> None:
    page.get_by_role("searchbox").fill(words)
    page.locator("#place").fill(place)
    page.locator(".search-button").click()


def test_a_resident_searches_in_english_then_in_french(live, directory, open_page: Callable[[], Page]) -> None:  # type: ignore[no-untyped-def]
    page = open_page()
    errors = watched(page)
    page.goto(f"{live.base_url}/services?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a service")

    search(page, "assessment", "Ottawa")
    expect(page.get_by_role("status")).to_contain_text("services found")
    results = page.locator("#results > li")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("Ottawa")
    page.screenshot(path=str(ARTIFACTS / "public-search-en.png"), full_page=True)
    assert violations(page) == []  # WCAG 2.1 AA (axe-core): the results

    page.get_by_role("link", name=re.compile("CHEO Assessment Centre")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("CHEO Assessment Centre")
    hours = page.locator("table.hours")
    expect(hours.get_by_role("row", name=re.compile("Monday"))).to_contain_text("10:30 a.m. \u2013 5:30 p.m.")
    expect(page.get_by_role("link", name="613-737-7600")).to_have_attribute("href", "tel:6137377600")
    page.screenshot(path=str(ARTIFACTS / "public-service-en.png"), full_page=True)
    assert violations(page) == []  # ... and a service's page

    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("table.hours").get_by_role("row", name=re.compile("lundi"))).to_contain_text("10 h 30")
    page.get_by_role("link", name="Retour à la recherche").click()
    expect(page.get_by_role("searchbox")).to_have_value("assessment")  # the switch kept the search

    search(page, "évaluation")
    expect(page.get_by_role("status")).to_contain_text("services trouvés")
    expect(page.locator("#results")).to_contain_text("Centre d'évaluation COVID-19")
    page.screenshot(path=str(ARTIFACTS / "public-search-fr.png"), full_page=True)
    assert errors == []


def test_the_page_fits_a_phone_and_shows_more_results_in_place(live, directory, browser: Browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-CA")
    try:
        page = context.new_page()
        errors = watched(page)
        page.goto(f"{live.base_url}/services")  # French from the browser's Accept-Language
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        search(page, "covid")
        expect(page.locator("#results > li")).to_have_count(10)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(ARTIFACTS / "public-search-phone.png"), full_page=True)

        more = page.get_by_role("link", name="Afficher plus de résultats")
        more.click()
        expect(page.locator("#results > li")).to_have_count(20)
        expect(page.get_by_role("status")).to_contain_text("20 services affichés sur")
        expect(page.locator("#results > li").nth(10).locator("h3 a")).to_be_focused()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.locator("#results > li a").first.click()
        expect(page.locator("table.hours")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(ARTIFACTS / "public-service-phone.png"), full_page=True)
        assert errors == []
    finally:
        context.close()
