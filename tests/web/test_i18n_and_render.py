"""UI translations and the small HTML renderers."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from navigator.errors import ConfigError
from navigator.settings import Settings
from navigator.web.i18n import UI_LANGUAGES, choose_language, load_translations, read_file
from navigator.web.render import answer_html, format_date, markdown, tel_href

I18N = Settings().web_dir / "i18n"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGUAGES if lang != "de"])
def test_every_language_file_has_every_german_key_with_the_same_placeholders(lang):
    german = read_file(I18N / "de.yaml")
    other = read_file(I18N / f"{lang}.yaml")
    assert set(other) == set(german)
    for key, text in german.items():
        assert placeholders(other[key]) == placeholders(text), key
        assert other[key].strip(), key


def test_texts_fall_back_to_german_and_name_a_missing_key():
    texts = load_translations(I18N)
    assert texts["ar"].dir == "rtl" and texts["uk"].dir == "ltr"
    assert texts["en"].t("card.reviewed", date="26.11.2026") == "Checked: 26.11.2026"
    assert texts["de"].section("region") == {
        "hagen": "Hagen",
        "maerkischer-kreis": "Märkischer Kreis",
        "ennepe-ruhr-kreis": "Ennepe-Ruhr-Kreis",
    }
    with pytest.raises(ConfigError, match=r"no text for key 'nope\.nothing'"):
        texts["tr"].t("nope.nothing")


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        (None, None, None, "de"),
        ("ar", None, "en", "ar"),
        ("xx", "uk", None, "uk"),
        (None, "zz", "en-GB,en;q=0.9", "en"),
        (None, None, "ru;q=1, tr;q=0.7, en;q=0.8", "en"),
        (None, None, "en;q=0, tr", "tr"),
        (None, None, "fr, es", "de"),
        (None, None, "de-AT;q=abc, uk;q=0.3", "uk"),
    ],
)
def test_choose_language(query, cookie, header, expected):
    assert choose_language(query=query, cookie=cookie, accept_language=header) == expected


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("0800 4 5555 00 (kostenfrei)", "tel:08004555500"),
        ("+49 911 943-0", "tel:+499119430"),
        ("+49 (0)2331 98 76-0", "tel:+49233198760"),
        ("02041 767 555", "tel:02041767555"),
        ("Mo–Fr 8–12 Uhr", None),
    ],
)
def test_tel_href(phone, href):
    assert tel_href(phone) == href


def test_answer_html_links_citations_and_urls_and_escapes_everything_else():
    html = str(
        answer_html(
            "Siehe [1] <img src=x onerror=alert(1)> und https://www.iq-nrw.de/.\n- **Punkt** [2]\n- zwei",
            "t3",
            "Quelle {n}",
        )
    )
    assert '<a class="cite" dir="ltr" href="#t3-1" aria-label="Quelle 1">[1]</a>' in html
    assert '<a dir="ltr" href="https://www.iq-nrw.de/" rel="noopener">https://www.iq-nrw.de/</a>.' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert re.search(
        r"<ul><li dir=\"auto\">Punkt <a class=\"cite\" dir=\"ltr\" href=\"#t3-2\"[^>]*>\[2\]</a></li>"
        r"<li dir=\"auto\">zwei</li></ul>",
        html,
    )


def test_answer_html_does_not_link_javascript_urls():
    html = str(answer_html("javascript:alert(1) [x]", "t1"))
    assert "<a" not in html


def test_markdown_renders_headings_and_escapes_raw_html():
    html = str(markdown("## Worum geht es?\n\n<script>alert(1)</script>\n\n- a"))
    assert "<h2>Worum geht es?</h2>" in html and "<li>a</li>" in html
    assert "<script>" not in html


def test_format_date():
    assert format_date(dt.date(2026, 11, 26)) == "26.11.2026"
    assert format_date("2023-12-31") == "31.12.2023"
    assert format_date(dt.datetime(2027, 3, 10, 14, 0)) == "10.03.2027, 14:00"
    assert format_date(None) == ""


def test_answer_html_isolates_numbers_addresses_and_markers_left_to_right():
    html = str(answer_html("اتصل على 0800 4 5555 00 أو Hagen@arbeitsagentur.de [1].", "t1"))
    assert html.startswith('<p dir="auto">')
    assert '<span dir="ltr">0800 4 5555 00</span>' in html
    assert '<a dir="ltr" href="mailto:Hagen@arbeitsagentur.de">Hagen@arbeitsagentur.de</a>' in html
    assert '<a class="cite" dir="ltr" href="#t1-1"' in html and html.endswith("</a>.</p>")
