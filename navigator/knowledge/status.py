"""The cards' status note, kept importable here for `navigator/api/routes/pages.py`.

The sentence is built in one place, `navigator.status.facts` (`status_fact`, and `date_note` for the
cards); import it from `navigator.status`. This module goes once pages.py does.
"""

from navigator.status.facts import DateNote, date_note

__all__ = ["DateNote", "date_note"]
