"""The French catalogue keeps up with the code (docs/i18n.md): every string the templates, the
Python code and the ES modules mark is extracted as `make catalogue` does (babel.cfg) and must be
in app/translations/fr/LC_MESSAGES/messages.po, translated, with the same placeholders and no
markup of its own; and no page's template holds text that is not marked at all."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
TEMPLATES = ROOT / "app" / "templates"
UNTRANSLATED = {"simulator.html"}  # the demo's resident simulator (docs/simulator.md), in English only
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
MARKUP = re.compile(r"[<>\"&]")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.S)
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
ATTRIBUTE = re.compile(r'^([\w-]+="[^"]*"\s*)+$')  # attributes a macro writes (service.html's lang="en")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}  # flask_babel's lazy_gettext as _l: the Makefile's `-k _l`


def extracted() -> set[tuple[str | tuple[str, ...], str | None]]:
    """Every marked string with its context (pgettext's), as `make catalogue` finds them."""
    with (ROOT / "babel.cfg").open() as cfg:
        methods, options = parse_mapping_cfg(cfg)
    return {(message, context) for _, _, message, _, context in extract_from_dir(str(ROOT), methods, options, KEYWORDS)}


def french() -> Catalog:
    with FRENCH.open("rb") as po:
        return read_po(po, locale="fr")


def forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return (text,) if isinstance(text, str) else tuple(text)


def test_every_marked_string_has_a_french_translation() -> None:
    catalogue = french()
    found = {(m, context): catalogue.get(m, context) for m, context in extracted()}
    missing = [marked for marked, entry in found.items() if not (entry and all(forms(entry.string)))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == [], "run `make catalogue` and translate the new strings"


def test_the_catalogue_holds_no_string_the_code_no_longer_marks() -> None:
    marked = {forms(m)[0] for m, _ in extracted()}
    assert [m.id for m in french() if m.id and forms(m.id)[0] not in marked] == []


def test_each_translation_keeps_the_placeholders_and_adds_no_markup() -> None:
    wrong = []
    for message in (m for m in french() if m.id):
        source = " ".join(forms(message.id))
        for text in forms(message.string):
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                wrong.append((message.id, text))
            if Counter(MARKUP.findall(text)) - Counter(MARKUP.findall(source)):
                wrong.append((message.id, text))  # translations render unescaped: never new markup
    assert wrong == []


def test_no_template_holds_text_that_is_not_marked_for_translation() -> None:
    unmarked = []
    for path in sorted(TEMPLATES.glob("*.html")):
        if path.name not in UNTRANSLATED:
            text = TAG.sub("\n", JINJA.sub("", path.read_text()))
            unmarked += [(path.name, line.strip()) for line in text.splitlines() if WORDS.search(line)]
    brand = {"Switchboard", "· Switchboard"}
    assert [(name, line) for name, line in unmarked if line not in brand and not ATTRIBUTE.match(line)] == []
