"""Every staff page's header offers the pages its reader may open, and only those: the same
policy the pages check (app/staff_nav.py)."""

from __future__ import annotations

import re

from tests.support.staff import signed_in

NAV = re.compile(r'<nav class="staff-nav".*?</nav>', re.S)


def _menu(browser, base_url: str, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    page = browser.get(base_url + path)
    assert page.status_code == 200, page.text[:300]
    found = NAV.search(page.text)
    assert found, "no staff menu on " + path
    return re.findall(r'<a href="([^"]+)"', found.group(0))


def test_a_navigator_is_offered_the_console_only(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    navigator, _ = signed_in(live, make_staff, "navigator")
    assert _menu(navigator, live.base_url, "/console") == ["/console"]
    assert navigator.get(live.base_url + "/reports").status_code == 403  # and indeed it refuses them


def test_a_supervisor_reaches_every_supervisor_page_from_any_of_them(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    supervisor, _ = signed_in(live, make_staff, "supervisor")
    expected = [
        "/console", "/supervisor", "/reports", "/planning", "/supervisor/complaints", "/supervisor/spam",
        "/supervisor/audit",
    ]  # fmt: skip
    for path in expected:
        assert _menu(supervisor, live.base_url, path) == expected
    current = NAV.search(supervisor.get(live.base_url + "/planning").text).group(0)  # type: ignore[union-attr]
    assert '<a href="/planning" aria-current="page">' in current


def test_an_admin_also_reaches_the_directory_corrections_and_residents_information(live, make_staff) -> None:  # type: ignore[no-untyped-def]
    admin, _ = signed_in(live, make_staff, "admin")
    assert _menu(admin, live.base_url, "/directory/flags")[-2:] == ["/directory/flags", "/admin/privacy"]
    assert _menu(admin, live.base_url, "/admin/privacy")[-1] == "/admin/privacy"
