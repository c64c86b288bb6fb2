"""The staff pages in English and French (docs/i18n.md): Flask-Babel's catalogues under
app/translations, chosen by the signed-in staff member's preference; the ES modules' strings
handed to the page as a JSON data block (script_texts)."""
