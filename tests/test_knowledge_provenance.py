"""Provenance: every phone, e-mail, address, opening hours, amount and date needs a source; a value whose
only source is old or uncertain (⚠️) is marked, never silently accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from navigator.knowledge import values
from navigator.knowledge.provenance import LEDGER, check, load_evidences, old_values, unsourced_values
from tests.test_coverage import make


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("Rufen Sie 02331 390-0 an", "phone", "023313900"),
        ("+49 911 943-0", "phone", "09119430"),
        ("Mail an sihk@hagen.ihk.de.", "email", "sihk@hagen.ihk.de"),
        ("in der Rathausstr. 31 in Hagen", "address", "rathausstraße 31"),
        ("Rheinischen Straße 41 in Schwelm", "address", "rheinische straße 41"),
        ("montags 8–18 Uhr", "opening_hours", "8-18"),
        ("höchstens 1.750 Euro", "amount", "eur:1750"),
        ("2,29 EUR je Stunde", "amount", "eur:2,29"),
        ("50 % der Kosten", "amount", "pct:50"),
        ("bis 31.12.2026", "date", "2026-12-31"),
        ("ab 1. Juli 2026", "date", "2026-07-01"),
        ("on 8 July 2025", "date", "2025-07-08"),
        ("on 23/24.09.2026 in Hemer", "date", "2026-09-23"),
    ],
)
def test_values_are_found_with_a_normalised_key(text, kind, key):
    assert (kind, key) in {(k, found_key) for k, _, found_key in values.find(text)}


def test_dates_and_amounts_are_not_mistaken_for_phone_numbers():
    assert [k for k, _, _ in values.find("am 01.07.2023 gab es 0,5 Stellen", ("phone",))] == []


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    facts = tmp_path / "facts"
    knowledge = tmp_path / "knowledge"
    facts.mkdir()
    knowledge.mkdir()
    (facts / "facts.md").write_text(
        "Intro prose mentions 0800 999 999 but is no fact line.\n"
        "- ✅ Zentrale 02331 390-0, Zuschuss 50 % bis 500 EUR, Anträge bis 31.12.2026 — https://amt.example/ (2026)\n"
        "- ⚠️ Servicenummer 0800 4 5555 00, Mo–Fr 8–18 Uhr, Rathausstraße 31 — https://zeitung.example/2021/x (2021)\n"
        "- ❓ Telefon 0211 123456 vermutet, nicht belegt — gesucht\n",
        encoding="utf-8",
    )
    return facts, knowledge


def entry(**fields: object):
    base: dict[str, object] = {"contact": {"phone": "02331 390-0"}, "reviewed": dt.date(2026, 12, 7)}
    return make("stelle", **{**base, **fields})


def test_stated_values_pass_and_unmarked_or_doubtful_lines_prove_nothing(sources):
    facts, knowledge = sources
    good = entry(body="Zuschuss 50 %, höchstens 500 Euro, Antrag bis 31.12.2026.")
    assert unsourced_values([good], facts, knowledge) == []
    bad = entry(contact={"phone": "0211 123456"}, body="Oder 0800 999 999 anrufen; 700 Euro am 1.1.2027.")
    missing = {(f.kind, f.value) for f in unsourced_values([bad], facts, knowledge)}
    assert missing == {
        ("phone", "0211 123456"),
        ("phone", "0800 999 999"),
        ("amount", "700 Euro"),
        ("date", "1.1.2027"),
    }


def test_front_matter_dates_and_every_contact_field_are_checked(sources):
    facts, knowledge = sources
    e = entry(
        kind="programme",
        valid_until=dt.date(2027, 3, 31),
        contact={"address": "Bahnhofstraße 9, Hagen", "opening_hours": "Mo 9–12", "email": "x@amt.example"},
    )
    where = {(f.kind, f.where) for f in unsourced_values([e], facts, knowledge)}
    assert where == {
        ("date", "valid_until"),
        ("address", "contact.address"),
        ("opening_hours", "contact.opening_hours"),
        ("email", "contact.email"),
    }


def test_a_value_backed_only_by_an_old_source_is_marked_with_its_year(sources):
    facts, knowledge = sources
    e = entry(
        contact={"phone": "0800 4 5555 00", "opening_hours": "Mo–Fr 8–18 Uhr", "address": "Rathausstraße 31"}
    )
    old = old_values([e], facts, knowledge)
    assert {f.kind for f in old} == {"phone", "opening_hours", "address"}
    assert all(f.evidence and f.evidence.year == 2021 for f in old)
    assert old[0].warning == "Angabe von 2021 – bitte vor dem Besuch prüfen"
    assert unsourced_values([e], facts, knowledge) == []  # shown with the warning, not an error


def test_the_ledger_backs_values_for_one_entry_or_all_and_can_mark_them_old(sources):
    facts, knowledge = sources
    (knowledge / LEDGER).write_text(
        "- {entry: stelle, kind: amount, value: '563 Euro', source: 'https://quelle.example/', read: 2026-12-07}\n"
        "- {kind: address, value: 'Mittelstraße 12', source: 'https://z.example/', read: 2026-12-07, status: old, source_date: 2021-09-15}\n"
        "- {kind: phone, value: '0211 99999', source: 'https://z.example/'}\n",  # no read date: proves nothing
        encoding="utf-8",
    )
    e = entry(contact={"phone": "0211 99999"}, body="563 Euro im Monat; M12 in der Mittelstraße 12.")
    other = make("andere", body="Auch hier 563 Euro.", reviewed=dt.date(2026, 12, 7))
    found = {(f.entry_id, f.kind): f for f in check([e, other], load_evidences(facts, knowledge))}
    assert found[("stelle", "amount")].evidence is not None
    assert found[("andere", "amount")].evidence is None  # the row names its entry
    assert found[("stelle", "address")].evidence.status == "old"
    assert found[("stelle", "address")].warning == "Angabe von 2021 – bitte vor dem Besuch prüfen"
    assert found[("stelle", "phone")].evidence is None
