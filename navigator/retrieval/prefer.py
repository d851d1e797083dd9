"""Preferences from the understood question, applied to the fused ranking.

Two general rules, both demotions (an entry is never dropped, so nothing becomes unfindable):
- the asker: an entry none of whose audiences is the asker's goes down (the Arbeitgeber-Service
  for a worker, a programme for companies for a jobseeker);
- responsibility: an office whose `responsible_for` (knowledge front matter, sourced from
  ../shared/facts) does not cover the named town, Kreis or the business's sector goes down (the
  Geschäftsstelle Werdohl for Lüdenscheid, the IHK for a craft business). Together with the
  region the place sets, the responsible office outranks a neighbour's.
"""

from __future__ import annotations

from collections.abc import Mapping

from navigator.knowledge import Entry
from navigator.understand import Understanding
from navigator.understand.gazetteer import load_gazetteer

# Multipliers of an entry's fused RRF score. An entry ranked first by both legs scores 2/61; one
# ranked tenth 2/70 (0.87 of it), so 0.8 moves an entry below about the fifteenth place of the
# other entries: out of the answer, still in the catalogue. Dev eval: the audience demotion adds
# 0.02 MRR for non-German questions (0.777 -> 0.797); 0.7-0.9 measure the same. With the blind
# dev sets (434 cases), 0.5 against 0.8: hit@3 0.911 / 0.909, MRR 0.822 / 0.819, forbidden
# sources cited 0.058 / 0.072.
AUDIENCE_DEMOTION = 0.5
NOT_RESPONSIBLE = 0.7
# An entry specific to the named place (its responsible office, a regional entry of its region)
# goes up: with the place cut out of the query, this is what still answers "wo in Witten?".
# Dev eval (hit@3 / MRR over 160 cases): 1.0 0.900/0.829, 1.1 0.912/0.852, 1.2 and 1.3
# 0.919/0.872; boosting only offices with `responsible_for` was 0.006 hit@3 worse.
LOCAL_BOOST = 1.2
WHOLE_AREA = 3  # the region's three areas: Hagen, the Märkischer Kreis, the Ennepe-Ruhr-Kreis

Fused = list[tuple[str, float, dict[str, int]]]


def responsible(entry: Entry, u: Understanding) -> bool:
    """Whether the entry is responsible for the place and sector the question names.

    True when it says nothing about responsibility or the question names no place in the region.
    """
    r = entry.responsible_for
    if r is None:
        return True
    if u.sectors and r.sectors and not set(u.sectors) & set(r.sectors):
        return False
    if u.region is None:
        return True
    if not u.towns:
        gaz = load_gazetteer()
        return u.region in r.regions or any(gaz.by_id(t).region == u.region for t in r.towns)
    gaz = load_gazetteer()
    return any(t in r.towns or gaz.by_id(t).region in r.regions for t in u.towns)


def local(entry: Entry, u: Understanding) -> bool:
    """Whether the entry is specific to the named place.

    That is: responsible for it, or a regional entry of its region only (not the whole area).
    """
    if u.region is None:
        return False
    r = entry.responsible_for
    if r is not None:
        # Responsible for the whole area (the SIHK, IHK FOSA) is not specific to any place in it.
        return responsible(entry, u) and bool(r.towns or 0 < len(r.regions) < WHOLE_AREA)
    return entry.scope == "regional" and u.region in entry.regions and len(entry.regions) < WHOLE_AREA


def prefer(entries: Mapping[str, Entry], fused: Fused, u: Understanding) -> Fused:
    """`fused` re-ordered after the demotions above (stable for equal scores)."""
    if not (u.audiences or u.region or u.sectors):
        return fused
    wanted = set(u.audiences)
    out: Fused = []
    for entry_id, score, ranks in fused:
        entry = entries.get(entry_id)
        factor = 1.0
        if entry is not None:
            if wanted and not wanted & set(entry.audiences):
                factor *= AUDIENCE_DEMOTION
            if not responsible(entry, u):
                factor *= NOT_RESPONSIBLE
            elif local(entry, u):
                factor *= LOCAL_BOOST
        out.append((entry_id, score * factor, ranks))
    out.sort(key=lambda row: -row[1])
    return out
