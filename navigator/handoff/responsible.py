"""Which offices are responsible for the asker: candidates from the retrieval and the catalogue, scored.

The retrieval knows the matter, the knowledge files know who is responsible where and for whom.
Candidates are the offices the hits are or name (their `offices`) plus the catalogue's offices
that are responsible for the asker's place and serve the asker's group. Each gets a score from
three parts, all read from the entries' front matter:

- matter: how high the office (or the programme naming it) ranks; an office the retrieval did not
  find counts by the topics it shares with the top hits;
- place: how specifically it is responsible for the asker's town or region (`responsible_for`,
  else the regions of a regional office): the Geschäftsstelle of the town before the agency of the
  Kreis before an office for the whole area. An office responsible for another place is left out;
- group: it serves the asker's group (`audiences`). One whose audiences exclude the asker is left
  out (the Arbeitgeber-Service for a worker).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from navigator.handoff.offices import PERSON_KINDS
from navigator.knowledge import Entry
from navigator.retrieval.prefer import responsible as covers_place
from navigator.understand import Understanding
from navigator.understand.gazetteer import load_gazetteer

# Weights of the three parts. A first hit scores matter 1, the tenth 0.1; place 2 for the town's
# own office, 1 for an office of its Kreis only, 1/3 for one of the whole area; group 1.
# Dev eval (handoff, 40 cases, expected office cited): these weights 39; place and group 0 (matter
# alone) 37; both 0.25: 39; both 1: 40, but then a returner gets the Jobcenter before the BCA and
# BBiE; NAMED 0.5: 40, but an employers' association for a 16-year-old. The selection before
# (hits only, filtered by region): 33.
MATTER, PLACE, GROUP = 1.0, 0.5, 0.5
NAMED = 0.8  # an office a programme names counts a little less than the programme's own rank
# A programme lists its own advisers first (`offices`: the IQ counselling before the integration
# centres that also help): each later place counts a tenth less. Dev hand-off: without it a
# recognition question named the three integration centres and not the IQ counselling.
NAMED_ORDER = 0.1
MAX_NAMED = 10
# An office the retrieval did not find: at most this much matter, by the topics it shares with
# the top hits (topics every counselling office has say nothing about the matter).
CATALOGUE = 0.5
TOP_HITS = 3
GENERIC_TOPICS = frozenset({"beratung", "netzwerk"})
# Place bonus of a chamber of the asker's own sector (the HWK for a craft business). 1.0 when only
# crafts were a sector; with the IHK's sectors a logistics firm's training question went to the SIHK
# before the Arbeitgeber-Service. Dev (handoff, handoff_blind, 95 cases): 1.0 and 0.25 each miss one
# case (that firm; an electrician's recognition follow-up), 0.5 neither.
SECTOR = 0.5


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asks and from where, as far as the question or the page's filters say."""

    region: str | None = None
    towns: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


def place_score(office: Entry, asker: Asker) -> float | None:
    """How specifically `office` is responsible for the asker's place; None if for another place."""
    u = Understanding("", "de", region=asker.region, towns=asker.towns, sectors=asker.sectors)
    if not covers_place(office, u):
        return None
    r = office.responsible_for
    if r is not None and r.sectors and not asker.sectors:
        return 0.0  # a chamber of some sectors, for an asker of an unknown one: not specific
    sector = SECTOR if r is not None and set(r.sectors) & set(asker.sectors) else 0.0
    if asker.region is None:
        return sector
    if r is not None and (r.towns or r.regions):
        if set(asker.towns) & set(r.towns):
            return 2.0 + sector
        gaz = load_gazetteer()
        covered = set(r.regions) | {gaz.by_id(t).region for t in r.towns}
        return 1.0 / len(covered) + sector
    if office.scope != "regional":
        return sector
    if asker.region not in office.regions:
        return None
    return 1.0 / len(office.regions) + sector


def group_score(office: Entry, asker: Asker) -> float | None:
    """How much `office` is for the asker's group: 0 if unknown, None if its audiences exclude the asker.

    Between 0.5 and 1: an office for the asker's group alone (the Arbeitgeber-Service for a
    company) before one for everybody.
    """
    if not asker.audiences or not office.audiences:
        return 0.0
    shared = len(set(asker.audiences) & set(office.audiences))
    return 0.5 + 0.5 * shared / len(set(office.audiences)) if shared else None


def matter_scores(ranked: Sequence[Entry], entries: Mapping[str, Entry]) -> dict[str, float]:
    """The offices the hits are or name, with the rank score of their best hit."""
    out: dict[str, float] = {}
    for rank, e in enumerate(ranked):
        weight = 1.0 / (1 + rank)
        named = [(e, weight)] if e.kind in PERSON_KINDS else []
        named += [
            (entries[o], weight * NAMED * (1 - NAMED_ORDER * i))
            for i, o in enumerate(e.offices[:MAX_NAMED])
            if o in entries
        ]
        for office, w in named:
            out[office.id] = max(out.get(office.id, 0.0), w)
    return out


def topic_matter(office: Entry, ranked: Sequence[Entry]) -> float:
    """Matter of an office the retrieval did not find: the share of top hits it shares a topic with."""
    top = ranked[:TOP_HITS]
    own = set(office.topics) - GENERIC_TOPICS
    if not top or not own:
        return 0.0
    return CATALOGUE * sum(bool(own & set(e.topics)) for e in top) / len(top)


def _local(office: Entry, asker: Asker) -> bool:
    """Whether the office is responsible for the asker's place by its own data, not only open to all.

    That is: its `responsible_for` names the place (town, Kreis) or, without one, it is a regional
    office of the asker's region alone (the Jugendberufsagentur of the Kreis).
    """
    if place_score(office, asker) is None:
        return False
    r = office.responsible_for
    if r is not None and (r.towns or r.regions):
        return True
    return office.scope == "regional" and list(office.regions) == [asker.region]


def responsible_offices(
    ranked: Sequence[Entry],
    entries: Mapping[str, Entry],
    catalogue: Iterable[Entry],
    asker: Asker,
    *,
    exclude: Iterable[str] = (),
    limit: int = 3,
) -> list[Entry]:
    """The `limit` best offices for the asker's matter, place and group, best first (see module doc).

    `ranked` are the open hits in retrieval order; `catalogue` the open offices, the only ones ever
    named (a closed Geschäftsstelle a programme still names is not); `exclude` ids never to name
    here (the free hotlines, shown on their own).
    """
    skip = set(exclude)
    allowed = {o.id: o for o in catalogue if o.kind in PERSON_KINDS and o.id not in skip}
    matter = {i: m for i, m in matter_scores(ranked, entries).items() if i in allowed}
    pool = {i: allowed[i] for i in matter}
    if asker.region and asker.audiences:
        for office in allowed.values():
            if office.id not in pool and _local(office, asker) and group_score(office, asker):
                pool[office.id] = office
    scored: list[tuple[float, int, Entry]] = []
    for n, (office_id, office) in enumerate(pool.items()):
        place, group = place_score(office, asker), group_score(office, asker)
        if place is None or group is None:
            continue
        m = max(matter.get(office_id, 0.0), topic_matter(office, ranked))
        scored.append((MATTER * m + PLACE * place + GROUP * group, -n, office))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [office for _, _, office in scored[:limit]]
