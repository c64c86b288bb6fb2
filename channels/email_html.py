"""HTML-only mail as plain text, with the standard library's html.parser: the words a person
would read, with paragraph and line breaks kept; scripts, styles and every tag dropped. The
result is text: the console renders it escaped like any message."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = {"script", "style", "head", "title", "template", "noscript"}
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr"}
_BLANKS = re.compile(r"[ \t\r\f\v\u00a0]+")
_MANY_LINES = re.compile(r"\n{3,}")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.chunks.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCKS and tag != "li":
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data)


def to_text(html: str) -> str:
    """The readable text of `html`; never raises (html.parser is lenient with broken markup)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    lines = (_BLANKS.sub(" ", line).strip() for line in "".join(reader.chunks).split("\n"))
    return _MANY_LINES.sub("\n\n", "\n".join(lines)).strip()
