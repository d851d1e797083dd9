"""The web front end's helpers: UI translations, the offer catalogue view and HTML rendering."""
