"""Issue 22: no chat answer contains the Förder-Check's raw result list.

Every question of the KMU and individuals eval sets (people asking about their own funding, as they
write) goes through the chat over the real knowledge base; each answer that the check touched, and
the follow-up after answering its question with the first button, must read as sentences: no
"Passt nicht"/"Angabe fehlt" verdict lines, no indented rule lines, no "Offen:" items.
"""

from __future__ import annotations

import re

import pytest
import yaml

from navigator.settings import REPO_ROOT

RAW = re.compile(r"Passt nicht|Angabe fehlt|^\s*- .*:\s*Passt|^\s{2,}- |Offen:", re.M)


def questions() -> list[str]:
    found = []
    for name in ("kmu", "individuals"):
        data = yaml.safe_load((REPO_ROOT / "evals" / f"{name}.yaml").read_text(encoding="utf-8"))
        found += [c["question"] for c in data["cases"] if c.get("language", "de") == "de"]
    return found


@pytest.mark.parametrize(
    "message", [*questions(), "Welche Förderung gibt es für eine Umschulung, wenn ich arbeitslos bin?"]
)
def test_no_chat_answer_contains_the_raw_result_list(client, message):
    answer = client.post("/api/chat", json={"message": message}).json()
    assert not RAW.search(answer["answer"]), answer["answer"]
    question = (answer.get("check") or {}).get("question")
    if question:
        reply = question["options"][0]["label"] if question["options"] else "30"
        history = [{"role": "user", "content": message}, {"role": "assistant", "content": answer["answer"]}]
        follow = client.post("/api/chat", json={"message": reply, "history": history}).json()
        assert not RAW.search(follow["answer"]), follow["answer"]
