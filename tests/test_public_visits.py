"""The public services page's server side: website sessions counted without cookies or stored
identifiers (a request from none of our pages is a new session; moving within the site is not),
no Set-Cookie on any of its pages, the language from `lang` or Accept-Language, and the search,
a service's details and the 404 page rendered for a plain GET (no JavaScript needed)."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.db import Database
from app.directory import ontario, search, search_index, visits
from app.directory.importing import Report
from tests.support.services import ROOT

ONTARIO = ROOT / "data/directory/ontario-covid19-assessment-centres/assessment_centre_locations_2021_07_13.subset60.csv"
CHEO = "/services/on-covid:23:service-at-location"  # an Ottawa assessment centre in the subset


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def directory(db: Database) -> None:
    with db.transaction() as session:
        ontario.import_csv(session, ONTARIO, Report())
        search_index.rebuild(session)


def today(app: Flask) -> date:
    return datetime.now(ZoneInfo(app.config["SWITCHBOARD"].TIME_ZONE)).date()


def sessions(db: Database, day: date) -> int:
    with db.transaction() as session:
        return visits.count_for(session, day)


def test_an_arrival_is_a_session_and_moving_within_the_site_is_not(app: Flask, db: Database, client) -> None:  # type: ignore[no-untyped-def]
    day = today(app)
    assert sessions(db, day) == 0
    client.get("/services")  # a bookmark or a typed address: no referrer
    client.get("/services?lang=fr", headers={"Referer": "https://www.google.ca/"})
    client.get("/services/unknown", headers={"Referer": "http://localhost.example.org/services"})
    assert sessions(db, day) == 3

    client.get("/services?q=food&lang=fr", headers={"Referer": "http://localhost/services?lang=fr"})
    client.get("/services/unknown", headers={"Referer": "http://localhost/services?q=food"})
    client.get("/services?page=2", headers={"Sec-Fetch-Site": "same-origin"})  # the referrer stripped
    client.head("/services")
    assert sessions(db, day) == 3
    assert sessions(db, day - timedelta(days=1)) == 0


def test_only_a_number_per_day_is_stored() -> None:
    assert set(visits.VisitDay.__table__.columns.keys()) == {"day", "sessions"}


def test_is_arrival_reads_the_referrer_and_sec_fetch_site() -> None:
    ours = {"https://211.example.org"}
    assert visits.is_arrival({}, ours)
    assert visits.is_arrival({"Referer": "https://211.example.org.evil.test/x"}, ours)
    assert visits.is_arrival({"Referer": "not a url"}, ours)
    assert visits.is_arrival({"Sec-Fetch-Site": "cross-site", "Referer": "https://example.com/"}, ours)
    assert not visits.is_arrival({"Referer": "https://211.example.org/services?q=x"}, ours)
    assert not visits.is_arrival({"Sec-Fetch-Site": "same-origin"}, ours)


def test_the_public_pages_set_no_cookie(client, directory) -> None:  # type: ignore[no-untyped-def]
    for path in ("/services", "/services?q=covid&place=Ottawa", CHEO, "/services/unknown?lang=fr"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert "Set-Cookie" not in response.headers, path


def test_the_language_comes_from_lang_else_accept_language(client) -> None:  # type: ignore[no-untyped-def]
    french = client.get("/services", headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr">' in french.text and "Trouver un service" in french.text
    assert 'href="/complaints?lang=fr"' in french.text  # the complaints process, in the page's language
    assert "Accept-Language" in french.headers["Vary"]
    english = client.get("/services?lang=en", headers={"Accept-Language": "fr-CA"})
    assert '<html lang="en">' in english.text and "Find a service" in english.text
    assert 'href="/services?lang=fr"' in english.text  # the switch


def test_a_search_and_a_service_are_rendered_without_javascript(client, directory) -> None:  # type: ignore[no-untyped-def]
    found = client.get("/services?lang=en&q=assessment&place=Ottawa")
    assert found.status_code == 200
    assert "services found." in found.text and f'href="{CHEO}?lang=en&amp;q=assessment&amp;place=Ottawa"' in found.text
    by_postal_code = client.get("/services?lang=en&q=&place=K1S+5T1")
    assert "Brewer Park Arena" in by_postal_code.text

    details = client.get(f"{CHEO}?lang=fr&q=assessment&place=Ottawa")
    assert details.status_code == 200
    for shown in (
        "Heures d'ouverture",
        "lundi",
        "8 h 30 \u2013 15 h 30",
        'href="tel:6137377600"',
        "151 chemin Brewer Way",
    ):
        assert shown in html.unescape(details.text)
    assert '<p class="service-description" lang="en">' in details.text  # no French in the source: said so
    assert 'href="/services?lang=fr&amp;q=assessment&amp;place=Ottawa"' in details.text  # back to the search

    missing = client.get("/services/on-covid:nothing?lang=fr")
    assert missing.status_code == 404 and "Service introuvable" in missing.text


def test_a_broad_search_says_more_than_it_counted(client, directory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "TOTAL_CAP", 12)
    english = client.get("/services?lang=en&q=assessment")
    assert "More than 12 services found. Showing 1 to 10 of more than 12." in html.unescape(english.text)
    french = client.get("/services?lang=fr&q=assessment")
    assert "Plus de 12 services trouvés. Résultats 1 à 10 sur plus de 12." in html.unescape(french.text)
