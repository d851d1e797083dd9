"""UI translations: one YAML file per language in `web/i18n/`, and choosing the language of a request.

Each file is a nested mapping of texts; keys are addressed with dots (`"chat.send"`). German (`de.yaml`)
is complete by definition; another language falls back to German key by key, so a missing translation
shows German text instead of a key name (a test keeps the files complete).

Example::

    texts = load_translations(Path("web/i18n"))
    lang = choose_language(query="ar", cookie=None, accept_language="de-DE,de;q=0.9")  # "ar"
    texts[lang].t("chat.send")
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from navigator.errors import ConfigError

log = logging.getLogger(__name__)

# The languages of the UI, in the order of the language switch; German is the default.
UI_LANGUAGES: Final = ("de", "en", "tr", "uk", "ar")
DEFAULT: Final = "de"
RTL: Final = frozenset({"ar"})


@dataclass(frozen=True, slots=True)
class Texts:
    """The UI texts of one language, with German as the per-key fallback."""

    lang: str
    texts: dict[str, str]
    fallback: dict[str, str]

    @property
    def dir(self) -> str:
        return "rtl" if self.lang in RTL else "ltr"

    @property
    def name(self) -> str:
        return self.t("meta.name")

    def t(self, key: str, /, **values: object) -> str:
        """The text for `key`, with `{name}` placeholders filled from `values`."""
        text = self.texts.get(key) or self.fallback.get(key)
        if text is None:
            raise ConfigError(f"web/i18n: no text for key {key!r} (add it to de.yaml)")
        return text.format(**values) if values else text

    def section(self, prefix: str) -> dict[str, str]:
        """All texts below `prefix` (e.g. "audience"), keyed by their last part."""
        cut = len(prefix) + 1
        merged = {k[cut:]: v for k, v in self.fallback.items() if k.startswith(prefix + ".")}
        merged.update({k[cut:]: v for k, v in self.texts.items() if k.startswith(prefix + ".")})
        return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def read_file(path: Path) -> dict[str, str]:
    """One translation file as flat `{"a.b": text}`; raises ConfigError if it is not a mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read translation file ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a translation file must be a mapping of texts")
    return _flatten(data)


@lru_cache(maxsize=4)
def load_translations(folder: Path) -> dict[str, Texts]:
    """The texts of every UI language in `folder` (`de.yaml`, `en.yaml`, …), cached per folder."""
    german = read_file(folder / f"{DEFAULT}.yaml")
    loaded = {}
    for lang in UI_LANGUAGES:
        path = folder / f"{lang}.yaml"
        texts = german if lang == DEFAULT else read_file(path)
        missing = set(german) - set(texts)
        if missing:
            log.warning("%s lacks %d UI texts; German is shown for them", path.name, len(missing))
        loaded[lang] = Texts(lang, texts, german)
    return loaded


def _accepted(header: str) -> list[str]:
    """Language codes of an Accept-Language header, best first (`de-DE;q=0.8` → `de`)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        code, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if code and quality > 0:
            ranked.append((-quality, i, code.split("-")[0].lower()))
    return [code for _, _, code in sorted(ranked)]


def choose_language(*, query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The UI language: `?lang=` first, then the `lang` cookie, then Accept-Language, else German."""
    for choice in (query, cookie):
        if choice in UI_LANGUAGES:
            return choice
    for code in _accepted(accept_language or ""):
        if code in UI_LANGUAGES:
            return code
    return DEFAULT
