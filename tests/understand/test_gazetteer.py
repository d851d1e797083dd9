"""The gazetteer finds the region's places in every script and spelling people use."""

from __future__ import annotations

import pytest
import yaml

from navigator.understand.gazetteer import PLACES_FILE, load_gazetteer

MK_TOWNS = [
    "altena", "balve", "halver", "hemer", "herscheid", "iserlohn", "kierspe", "luedenscheid",
    "meinerzhagen", "menden", "nachrodt-wiblingwerde", "neuenrade", "plettenberg", "schalksmuehle",
    "werdohl",
]  # fmt: skip
EN_TOWNS = [
    "breckerfeld", "ennepetal", "gevelsberg", "hattingen", "herdecke", "schwelm", "sprockhoevel",
    "wetter", "witten",
]  # fmt: skip


def ids(text: str) -> list[str]:
    return [m.place.id for m in load_gazetteer().find(text)]


def test_every_town_of_the_region_is_in_the_gazetteer_with_its_kreis() -> None:
    g = load_gazetteer()
    for town in MK_TOWNS:
        assert g.by_id(town).region == "maerkischer-kreis", town
    for town in EN_TOWNS:
        assert g.by_id(town).region == "ennepe-ruhr-kreis", town
    assert g.by_id("hagen").region == "hagen"
    assert g.by_id("hagen-hohenlimburg").region == "hagen"


def test_witten_and_hattingen_are_served_by_en_offices_but_not_the_maerkische_region() -> None:
    g = load_gazetteer()
    assert not g.by_id("witten").maerkische_region
    assert not g.by_id("hattingen").maerkische_region
    assert g.by_id("schwelm").maerkische_region


def test_neighbours_set_no_region() -> None:
    for text in ("Ich wohne in Dortmund", "Firma in Bochum", "aus Wuppertal", "Я живу в Дортмунде"):
        found = load_gazetteer().find(text)
        assert found and all(m.place.region is None for m in found), text


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Ich wohne in Luedenscheid", "luedenscheid"),
        ("wohne in ludenscheid", "luedenscheid"),
        ("Sprockhoevel", "sprockhoevel"),
        ("Schalksmuhle", "schalksmuehle"),
        ("Hagen'de iş arıyorum", "hagen"),
        ("Lüdenscheid'da bir kurs", "luedenscheid"),
        ("Iserlohnda çalışıyorum", "iserlohn"),
        ("ein Hagener Betrieb", "hagen"),
        ("أعيش في هاغن", "hagen"),
        ("أسكن بهاغن", "hagen"),
        ("من لودنشايد", "luedenscheid"),
        ("در هاگن زندگی می کنم", "hagen"),
        ("Я живу в Хагене", "hagen"),
        ("Живу в Ізерлоні", "iserlohn"),
        ("з Люденшайда", "luedenscheid"),
        ("Betrieb in Iserlohn-Letmathe", "iserlohn-letmathe"),
        ("im Märkischen Kreis", "maerkischer-kreis"),
        ("im EN-Kreis", "ennepe-ruhr-kreis"),
        ("Ich komme aus Wetter", "wetter"),
        # Vowels written or left out, Arabic or Persian letters, attached prefixes.
        ("وين بلاقي استشارة بغيفلسبرغ؟", "gevelsberg"),
        ("در انپتال زندگی میکنم", "ennepetal"),
        ("ساكن بمندن", "menden"),
        ("أسكن في هاگن", "hagen"),
        ("در لودنشايد", "luedenscheid"),
        # Case endings that replace a final vowel; Polish and Romanian endings.
        ("живу в Альтене", "altena"),
        ("mieszkam w Plettenbergu", "plettenberg"),
        ("lucrez în Hagenul", "hagen"),
    ],
)
def test_spellings_in_every_script(text: str, place: str) -> None:
    assert ids(text) == [place]


def test_short_arabic_script_names_do_not_match_common_words() -> None:
    # أونا (Unna) with its vowels optional would be ان ("that"); short names match as written.
    assert ids("أريد ان اعمل هنا من فترة") == []
    assert ids("أعيش في أونا") == ["unna"]


def test_common_words_that_are_also_place_names_need_a_preposition() -> None:
    assert ids("Wie ist das Wetter heute?") == []
    assert ids("Wir essen zu Mittag") == []
    assert ids("a hammer") == []
    assert ids("Betrieb in Wetter (Ruhr)") == ["wetter"]


def test_long_names_typed_with_one_letter_wrong_are_found() -> None:
    assert ids("Dachdeckermeister aus Lüdenscheidt") == ["luedenscheid"]
    assert ids("Friseursalon in Schwelem") == ["schwelm"]
    assert ids("wohne in Plettenbrg") == ["plettenberg"]


def test_short_names_and_common_words_are_not_read_as_misspelt_places() -> None:
    # "Halter" is one letter from Halver, "Wetter" is a town and the weather: only 7+ letters count.
    assert ids("Der Fahrzeughalter und der Halter zahlen") == []
    assert ids("Schwelle, Wetterbericht, Haltern") == []


def test_the_longest_name_wins_and_names_are_found_in_order() -> None:
    assert ids("Hagen-Hohenlimburg") == ["hagen-hohenlimburg"]
    assert ids("Schwelm, Gevelsberg und Hagen") == ["schwelm", "gevelsberg", "hagen"]


def test_the_data_file_has_unique_ids_and_known_regions() -> None:
    data = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))
    place_ids = [p["id"] for p in data["places"]]
    assert len(place_ids) == len(set(place_ids))
    assert {p["region"] for p in data["places"]} <= {None, "hagen", "maerkischer-kreis", "ennepe-ruhr-kreis"}
