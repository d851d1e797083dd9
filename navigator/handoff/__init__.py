"""Reaching a person: the "talk to a human" intent and the offices and hotlines a hand-off names."""
