"""Link check for the knowledge base: every `url`, `contact_page`, source and rule source, concurrently.

Politeness: one request at a time per host with a pause between them, a user agent that names the
project, HEAD first (GET only when a server refuses HEAD), and a timeout per request. Results (status,
redirect chain, error) are cached in `data/link_check.json`; a URL checked within `max_age` is not
fetched again. The review queue lists the failures of the last check. Tests run it against a local
server only; it never runs against the internet in tests or CI.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from navigator import __version__
from navigator.knowledge.model import Entry

CACHE_FILE = "link_check.json"
USER_AGENT = (
    f"DigitalnavigatorMaerkischeRegion-LinkCheck/{__version__} (knowledge maintenance; polite, HEAD first)"
)
# Servers that answer HEAD with these do not support it; ask again with GET.
RETRY_WITH_GET = {403, 405, 501}


@dataclass(frozen=True, slots=True)
class LinkResult:
    url: str
    status: int | None
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    error: str | None = None
    checked: str = ""  # ISO timestamp
    entries: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400

    @property
    def problem(self) -> str:
        return self.error or f"HTTP {self.status}"


@dataclass(frozen=True, slots=True)
class CheckOptions:
    timeout_s: float = 10.0
    concurrency: int = 8
    host_delay_s: float = 1.0
    max_age: dt.timedelta = dt.timedelta(days=1)


def entry_urls(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Every URL of the knowledge base and the ids of the entries that use it."""
    urls: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        found = [e.url, e.contact.contact_page, *e.sources]
        if e.eligibility:
            found += [c.source.url for c in e.eligibility.criteria]
            found += [b.source.url for b in e.eligibility.benefits]
        for url in dict.fromkeys(str(u) for u in found if u is not None):
            urls[url].append(e.id)
    return dict(urls)


class _Hosts:
    """One request at a time per host, and at least `delay` seconds between two requests to it."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.last: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        pause = self.last.get(host, 0.0) + self.delay - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)

    def done(self, host: str) -> None:
        self.last[host] = time.monotonic()


async def _fetch(client: httpx.AsyncClient, url: str) -> httpx.Response:
    response = await client.head(url)
    if response.status_code in RETRY_WITH_GET:
        async with client.stream("GET", url) as streamed:  # headers only; the body is never read
            return streamed
    return response


async def _check_one(
    client: httpx.AsyncClient, url: str, entries: list[str], hosts: _Hosts, gate: asyncio.Semaphore
) -> LinkResult:
    host = urlsplit(url).netloc
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    async with gate, hosts.locks[host]:
        await hosts.wait(host)
        try:
            response = await _fetch(client, url)
        except httpx.TimeoutException:
            return LinkResult(url, None, error="timeout", checked=now, entries=entries)
        except httpx.HTTPError as exc:
            return LinkResult(
                url, None, error=f"{type(exc).__name__}: {exc}"[:200], checked=now, entries=entries
            )
        finally:
            hosts.done(host)
    redirects = [str(r.headers.get("location", r.url)) for r in response.history]
    final = str(response.url) if response.history else None
    return LinkResult(url, response.status_code, final, redirects, checked=now, entries=entries)


async def check_urls(urls: Mapping[str, list[str]], options: CheckOptions) -> list[LinkResult]:
    """Check every URL concurrently (politely per host); results in the order of `urls`."""
    hosts = _Hosts(options.host_delay_s)
    gate = asyncio.Semaphore(options.concurrency)
    headers = {"user-agent": USER_AGENT}
    async with httpx.AsyncClient(
        headers=headers, timeout=options.timeout_s, follow_redirects=True, max_redirects=10
    ) as client:
        tasks = [_check_one(client, url, list(ids), hosts, gate) for url, ids in urls.items()]
        return list(await asyncio.gather(*tasks))


def load_cache(data_dir: Path) -> dict[str, LinkResult]:
    path = data_dir / CACHE_FILE
    if not path.exists():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {row["url"]: LinkResult(**row) for row in rows}


def save_cache(data_dir: Path, results: Iterable[LinkResult]) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CACHE_FILE
    rows = [asdict(r) for r in sorted(results, key=lambda r: r.url)]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_check(
    urls: Mapping[str, list[str]], data_dir: Path, options: CheckOptions, *, force: bool = False
) -> list[LinkResult]:
    """Check the URLs not checked within `options.max_age` (all with `force`), merge into the cache."""
    cache = load_cache(data_dir)
    cutoff = dt.datetime.now(dt.UTC) - options.max_age
    fresh = {
        url: r
        for url, r in cache.items()
        if url in urls and not force and r.checked and dt.datetime.fromisoformat(r.checked) >= cutoff
    }
    todo = {url: ids for url, ids in urls.items() if url not in fresh}
    checked = asyncio.run(check_urls(todo, options)) if todo else []
    results = {**fresh, **{r.url: r for r in checked}}
    merged = [LinkResult(**{**asdict(r), "entries": list(urls[u])}) for u, r in results.items()]
    save_cache(data_dir, merged)
    return sorted(merged, key=lambda r: r.url)
