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
_TOKEN = re.compile(
    r"\[(\d{1,3})\]"  # a citation marker
    r"|(https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?])"  # a web address
    r"|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)"  # an e-mail address
    r"|(\+?\d[\d /().\-–:]{3,}\d)"  # a phone number, a time span or a date
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # "commonmark" with html off: raw HTML in a knowledge file is shown as text, never executed.
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def german_markup(page_lang: str) -> dict[str, object]:
    """Template helpers that mark German passages (titles, summaries, contacts) on a page in `page_lang`.

    `german` goes on an element holding German text: `lang="de"` (so screen readers, hyphenation and
    fonts treat it as German) and `dir="auto"` (so on an Arabic page it runs left to right, with its
    full stops and brackets where they belong). `german_lang` is the lang part alone, for elements that
    are already `dir="ltr"` (opening hours). `lang_attr(value)` marks a text that may have translations
    (`{"de": …, "ar": …}`) as German only where the page language's version is missing.
    """
    german = page_lang != "de"  # German on a German page needs no mark
    lang = Markup(' lang="de"') if german else Markup("")

    def lang_attr(value: str | dict[str, str]) -> Markup:
        translated = isinstance(value, dict) and bool(value.get(page_lang))
        return Markup("") if translated else lang

    return {
        "german": Markup(' lang="de" dir="auto"') if german else Markup(""),
        "german_lang": lang,
        "lang_attr": lang_attr,
    }


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
    # Markers, addresses and numbers are isolated left-to-right (dir="ltr"): inside an Arabic sentence
    # a phone number then keeps its digit order and a marker stays where it was written.
    out = Markup()
    pos = 0
    for m in _TOKEN.finditer(line):
        out += escape(line[pos : m.start()].replace("**", ""))
        cite, url, email, number = m.groups()
        if cite:
            out += Markup('<a class="cite" dir="ltr" href="#{}-{}" aria-label="{}">[{}]</a>').format(
                anchor, cite, cite_label.format(n=cite), cite
            )
        elif url:
            out += Markup('<a dir="ltr" href="{}" rel="noopener">{}</a>').format(url, url)
        elif email:
            out += Markup('<a dir="ltr" href="mailto:{}">{}</a>').format(email, email)
        else:
            out += Markup('<span dir="ltr">{}</span>').format(number)
        pos = m.end()
    return out + escape(line[pos:].replace("**", ""))


def answer_html(text: str, anchor: str, cite_label: str = "Quelle {n}") -> Markup:
    """An answer as paragraphs and lists; `[n]` links to the card `#<anchor>-<n>`, URLs become links.

    Each paragraph and list item takes its direction from its own first letters (`dir="auto"`): an
    Arabic answer may quote a German office name on a line of its own.
    """
    blocks: list[Markup] = []
    items: list[Markup] = []
    for line in [*text.splitlines(), ""]:
        if _LIST_ITEM.match(line):
            items.append(_inline(_LIST_ITEM.sub("", line), anchor, cite_label))
            continue
        if items:
            blocks.append(
                Markup("<ul>{}</ul>").format(
                    Markup("").join(Markup('<li dir="auto">{}</li>').format(i) for i in items)
                )
            )
            items = []
        if line.strip():
            blocks.append(Markup('<p dir="auto">{}</p>').format(_inline(line.strip(), anchor, cite_label)))
    return Markup("").join(blocks)
