"""What the server composes for a staff member, read in their language (docs/i18n.md): a refused
command's ack over the /console socket, its error code unchanged (the contract clients read)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from sqlalchemy import update

from app.calls import announcements
from app.errors import InvalidRequest
from app.models import StaffUser
from app.services import refusals
from tests.conftest import PASSWORD
from tests.support.console_client import Navigator
from tests.support.signin import form_token
from tests.test_console_socket import queued_id, resident_texts
from tests.test_i18n import choose, signed_in


@pytest.fixture
def french_navigator(live, db, make_staff) -> Iterator[Navigator]:  # type: ignore[no-untyped-def]
    """Bruno, a navigator who chose French, at his console."""
    email = make_staff(name="Bruno")
    with db.transaction() as session:
        session.execute(update(StaffUser).where(StaffUser.email == email).values(locale="fr"))
    bruno = Navigator(live.base_url, email, PASSWORD).connect()
    yield bruno
    bruno.disconnect()


def test_a_french_navigators_refused_claim_is_explained_in_french(live, french_navigator, connect_navigator):  # type: ignore[no-untyped-def]
    amira, bruno = connect_navigator(name="Amira"), french_navigator
    resident_texts(live.base_url, "J'ai besoin d'un logement")
    contact_id = queued_id(bruno, "J'ai besoin d'un logement")
    assert amira.call("claim", contact_id=contact_id)["ok"]

    refused = bruno.call("claim", contact_id=contact_id)
    assert (refused["ok"], refused["error"]) == (False, "already_claimed")
    assert refused["message"] == "Déjà pris par Amira."

    mine = amira.call("claim", contact_id=contact_id)  # Amira keeps the site's English
    assert (mine["error"], mine["message"]) == ("already_claimed", "Already claimed by you.")


def test_a_french_navigators_refusals_name_states_and_dispositions_in_french(live, french_navigator):  # type: ignore[no-untyped-def]
    bruno = french_navigator
    resident_texts(live.base_url, "Où manger ce soir?")
    contact_id = queued_id(bruno, "Où manger ce soir?")
    assert bruno.call("presence", state="busy")["ok"]
    busy = bruno.call("claim", contact_id=contact_id)
    assert busy["message"] == "Vous êtes occupé. Rendez-vous disponible pour prendre un contact."
    assert bruno.call("presence", state="available")["ok"]

    assert bruno.call("claim", contact_id=contact_id)["ok"]
    bogus = bruno.call("close", contact_id=contact_id, disposition="réglé")
    assert bogus["error"] == "invalid_disposition"
    assert bogus["message"].startswith("Choisissez une issue : information_given")
    assert bruno.call("close", contact_id=contact_id, disposition="information_given")["ok"]

    again = bruno.call("claim", contact_id=contact_id)
    assert (again["error"], again["message"]) == ("invalid_state", "Ce contact est fermé et ne peut pas être pris.")


def test_a_french_supervisor_reads_the_funders_figures_in_french_and_the_api_keeps_english(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app, make_staff("supervisor"))
    choose(client, "fr", "/reports")
    page = client.get("/reports").text
    assert '<th scope="row">Nbre d&#39;appels</th>' in page
    assert "Appels auxquels un intervenant a répondu (service continu" in page
    assert "# of Calls" not in page

    figures = client.get("/api/reports/service-data").get_json()["figures"]  # the funder's own words
    assert (figures[0]["label"], figures[0]["definition"][:25]) == ("# of Calls", "Calls a navigator answere")
    assert "\n# of Calls," in client.get("/api/reports/service-data?format=csv").text

    refused = client.get("/api/reports/service-data?quarter=Q5")
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_request"
    assert refused.get_json()["message"] == "quarter doit ressembler à FY2026-Q1 (avril à juin 2026)."


def test_a_french_supervisor_reads_the_planning_tables_in_french(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app, make_staff("supervisor"))
    choose(client, "fr", "/planning")
    page = client.get("/planning").text
    assert "Besoins par terme de taxonomie et par statut</h2>" in page and "Suivis par résultat</h2>" in page
    tables = client.get("/api/planning/needs").get_json()["tables"]
    assert tables["by_term"]["title"] == "Needs by taxonomy term and status"


def test_a_french_supervisor_reads_a_complaints_channel_and_status_in_french(app, make_staff) -> None:  # type: ignore[no-untyped-def]
    resident = app.test_client()
    form = resident.get("/complaints?lang=en").text
    fields = {"summary": "Nobody called back.", "contact_details": "613-555-0142", "language": "en", "name": ""}
    sent = resident.post("/complaints?lang=en", data={"csrf_token": form_token(form), **fields})
    assert sent.status_code == 200

    client = signed_in(app, make_staff("supervisor"))
    assert "<td>Web form <span" in client.get("/supervisor/complaints?status=all").text  # English names it too
    choose(client, "fr", "/supervisor/complaints")
    listed = client.get("/supervisor/complaints?status=all").text
    assert "<td>Formulaire Web <span" in listed and "<td>Reçue</td>" in listed
    assert '<option value="all" selected>Toutes les plaintes</option>' in listed
    link = re.search(r'<a href="(/supervisor/complaints/\d+)">C-', listed)
    assert link, listed
    too_soon = client.post(f"{link.group(1)}/resolve", data={"csrf_token": form_token(listed), "outcome": "Réglé"})
    assert too_soon.status_code == 409
    refusal = re.search(r'role="alert">(.*?)</p>', too_soon.text)
    assert refusal and refusal.group(1) == (
        "Une plainte à l&#39;état « reçue » ne peut pas passer à « réglée » (permis : accusée de réception, retirée)."
    )


def test_closing_refused_names_the_missing_wrap_up_fields_in_the_readers_words(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        with force_locale("fr"):
            french = refusals.wrapup_incomplete(["contact_type", "needs"]).message
        english = refusals.wrapup_incomplete(["contact_type", "needs"]).message
    assert french == "Remplissez le bilan avant de fermer : type de contact, besoins."
    assert english == "Complete the wrap-up before closing: contact_type, needs."  # as WRAPUP_REQUIRED names them


def test_an_incomplete_announcement_is_refused_naming_the_language_in_the_readers_words(app, db) -> None:  # type: ignore[no-untyped-def]
    with (
        app.test_request_context(),
        force_locale("fr"),
        db.transaction() as session,
        pytest.raises(InvalidRequest) as refused,
    ):
        announcements.set_current(session, None, "The line is busy today.", " ")
    assert refused.value.message.startswith("Écrivez le texte en français de l'annonce (jusqu'à ")
