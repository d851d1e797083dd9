"""Small HTML renderers for the templates: Markdown bodies, answers with citation links, phone links.

Everything here escapes its input: knowledge files are trusted less than code, and answers come from a
model. `static/js/answer.js` renders answers the same way in the browser.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_PHONE = re.compile(r"\+?\d[\d\s/().\-–]{3,}\d")
_TOKEN = re.compile(r"\[(\d{1,3})\]|(https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # "commonmark" with html off: raw HTML in a knowledge file is shown as text, never executed.
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def markdown(text: str) -> Markup:
    """A knowledge file's Markdown body as safe HTML."""
    # Safe: markdown-it escapes all text, and raw HTML is disabled above.
    return Markup(_markdown().render(text))


def tel_href(phone: str) -> str | None:
    """`tel:` URI for the first number in a contact string ("0800 4 5555 00 (kostenfrei)")."""
    match = _PHONE.search(phone.replace("(0)", ""))
    if not match:
        return None
    digits = re.sub(r"[^\d+]", "", match.group(0))
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 5 else None


def format_date(value: dt.date | dt.datetime | str | None) -> str:
    """A date as DD.MM.YYYY (with the time for a datetime), '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y, %H:%M")
    return value.strftime("%d.%m.%Y")


def _inline(line: str, anchor: str, cite_label: str) -> Markup:
    out = Markup()
    pos = 0
    for m in _TOKEN.finditer(line):
        out += escape(line[pos : m.start()].replace("**", ""))
        if m.group(1):
            n = m.group(1)
            out += Markup('<a class="cite" href="#{}-{}" aria-label="{}">[{}]</a>').format(
                anchor, n, cite_label.format(n=n), n
            )
        else:
            out += Markup('<a href="{}" rel="noopener">{}</a>').format(m.group(2), m.group(2))
        pos = m.end()
    return out + escape(line[pos:].replace("**", ""))


def answer_html(text: str, anchor: str, cite_label: str = "Quelle {n}") -> Markup:
    """An answer as paragraphs and lists; `[n]` links to the card `#<anchor>-<n>`, URLs become links."""
    blocks: list[Markup] = []
    items: list[Markup] = []
    for line in [*text.splitlines(), ""]:
        if _LIST_ITEM.match(line):
            items.append(_inline(_LIST_ITEM.sub("", line), anchor, cite_label))
            continue
        if items:
            blocks.append(
                Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(i) for i in items))
            )
            items = []
        if line.strip():
            blocks.append(Markup("<p>{}</p>").format(_inline(line.strip(), anchor, cite_label)))
    return Markup("").join(blocks)
