"""A prepared request ("Anfrage vorbereiten"): the person's matter, written down for the office."""
