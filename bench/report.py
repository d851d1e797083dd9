"""Write `bench/results.md` and `bench/results.json`; bench, load test and soak each own a part.

The load test's and the soak test's sections sit between markers (`<!-- name:start -->` … `end`), so a
`make bench` run keeps them and each run replaces only its own; results.json keeps one key per writer
("bench", "loadtest", "soak").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.machine import cpu_label

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "results.md"
RESULTS_JSON = HERE / "results.json"


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_block(machine: dict[str, Any]) -> str:
    rows = [
        ("date", machine["date"]),
        ("commit", machine["commit"]),
        ("CPU", cpu_label(machine)),
        ("RAM", f"{machine['ram_gib']} GiB"),
        ("Python", machine["python"]),
        ("OS", machine["os"]),
        ("load average at start (1/5/15 min)", " / ".join(map(str, machine["load_average"]))),
    ]
    if machine.get("re_run"):
        rows.append(("sections re-run later", machine["re_run"]))
    return table(("machine", ""), rows)


def read_json(key: str, path: Path = RESULTS_JSON) -> dict[str, Any]:
    """`key`'s part of the results file, or {} if there is none."""
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_json(key: str, value: dict[str, Any], path: Path = RESULTS_JSON) -> None:
    doc: dict[str, Any] = {}
    if path.exists():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            doc = {}
    doc[key] = value
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


_ANY_BLOCK = re.compile(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", re.S)


def section_block(name: str, path: Path = RESULTS_MD) -> str:
    """The marked section `name` of the current results.md, or "" if there is none."""
    if not path.exists():
        return ""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    found = re.search(re.escape(start) + r".*?" + re.escape(end), path.read_text(encoding="utf-8"), re.S)
    return found.group(0) if found else ""


def loadtest_block(path: Path = RESULTS_MD) -> str:
    """The load test's section of the current results.md, or "" if there is none."""
    return section_block("loadtest", path)


def write_bench_md(body: str, path: Path = RESULTS_MD) -> None:
    """Replace results.md with `body`, keeping the marked sections (load test, soak)."""
    kept = (
        [m.group(0) for m in _ANY_BLOCK.finditer(path.read_text(encoding="utf-8"))] if path.exists() else []
    )
    tail = "".join(f"\n{block}\n" for block in kept)
    path.write_text(body.rstrip() + "\n" + tail, encoding="utf-8")


def write_section_md(name: str, section: str, path: Path = RESULTS_MD, header: str = "# Benchmarks") -> None:
    """Put `section` between the markers of `name` in results.md (appended, or a new file with `header`)."""
    block = f"<!-- {name}:start -->\n{section.strip()}\n<!-- {name}:end -->"
    if path.exists() and (old := section_block(name, path)):
        text = path.read_text(encoding="utf-8").replace(old, block)
    elif path.exists():
        text = path.read_text(encoding="utf-8").rstrip() + f"\n\n{block}\n"
    else:
        text = f"{header.strip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def write_loadtest_md(section: str, header: str, path: Path = RESULTS_MD) -> None:
    """Put `section` between the load test's markers in results.md."""
    write_section_md("loadtest", section, path, header)
