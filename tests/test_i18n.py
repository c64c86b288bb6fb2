"""The staff pages in French for a staff member who prefers it (docs/i18n.md): chosen from the
header's form, kept on their account, and applied to the pages, their dates and the ES modules'
strings; English for everyone else, as before."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from flask import Flask

from app import create_app
from app.models import StaffUser
from config import Config, ConfigError
from tests.conftest import PASSWORD
from tests.support.signin import form_token, post_login

SCRIPT_TEXTS = re.compile(r'<div id="script-texts" hidden data-texts="([^"]*)">')


def signed_in(app: Flask, email: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert post_login(client, email, PASSWORD).status_code == 302
    return client


def choose(client, locale: str, page: str = "/console"):  # type: ignore[no-untyped-def]
    token = form_token(client.get(page).text)
    return client.post("/preferences/language", data={"locale": locale, "next": page, "csrf_token": token})


def script_texts(page: str) -> dict[str, object]:
    found = SCRIPT_TEXTS.search(page)
    assert found, "the page carries no script-texts block"
    return json.loads(html.unescape(found.group(1)))


def test_a_navigator_who_chooses_french_gets_the_console_in_french(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app, make_staff("navigator"))
    english = client.get("/console").text
    assert '<html lang="en">' in english and ">Queue<" in english and script_texts(english)["Claim"] == "Claim"
    assert '<button type="submit" name="locale" value="fr" lang="fr">Français</button>' in english

    answer = choose(client, "fr")
    assert answer.status_code == 303 and answer.headers["Location"] == "/console"
    french = client.get("/console").text
    assert '<html lang="fr">' in french
    assert ">File d'attente<" in french and "Prenez ou ouvrez un contact dans la file d'attente." in french
    texts = script_texts(french)
    assert texts["Claim"] == "Prendre" and texts["{n} service found"] == ["{n} service trouvé", "{n} services trouvés"]
    assert '<button type="submit" name="locale" value="en" lang="en">English</button>' in french


def test_the_preference_is_kept_on_the_account_for_the_next_sign_in(app, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("supervisor")
    choose(signed_in(app, email), "fr", "/supervisor")
    with db.transaction() as session:
        assert session.query(StaffUser).filter_by(email=email).one().locale == "fr"
    board = signed_in(app, email).get("/supervisor").text
    assert '<html lang="fr">' in board and "<h1>Tableau en direct</h1>" in board
    assert "Compté comme dans le rapport au bailleur de fonds" in board


def test_dates_on_a_french_page_are_written_in_french(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app, make_staff("admin"))  # signing in is itself on the audit trail
    choose(client, "fr", "/supervisor/audit")
    trail = client.get("/supervisor/audit").text
    assert "<h1>Journal d'audit</h1>" in trail
    today = datetime.now(ZoneInfo(app.config["SWITCHBOARD"].TIME_ZONE)).date()  # the service's day, not UTC's
    assert format_date(today, "medium", locale="fr") in trail  # e.g. « 30 nov. 2026 »


def test_a_language_that_is_not_offered_is_refused(app, db, make_staff) -> None:  # type: ignore[no-untyped-def]
    email = make_staff("navigator")
    client = signed_in(app, email)
    answer = choose(client, "de")
    assert answer.status_code == 400 and "Choose English or French." in answer.text
    with db.transaction() as session:
        assert session.query(StaffUser).filter_by(email=email).one().locale is None


def test_the_site_default_applies_to_those_who_chose_nothing(config, make_staff) -> None:  # type: ignore[no-untyped-def]
    app = create_app(dataclasses.replace(config, STAFF_LOCALE="fr"))
    app.config["TESTING"] = True
    page = signed_in(app, make_staff("navigator")).get("/console").text
    assert '<html lang="fr">' in page and "Console de l'intervenant" in page


def test_a_default_language_that_is_not_offered_stops_the_app(config: Config) -> None:
    with pytest.raises(ConfigError, match="STAFF_LOCALE"):
        create_app(dataclasses.replace(config, STAFF_LOCALE="de"))
