// A Förder-Check turn in the chat: the open question as buttons (or a number field) that answer it
// right there, or, once the check has its result, the button to the full result page. The answers
// travel in the conversation's history; the result page gets them as hidden form fields (POST, so
// they never appear in a URL).

function button(label, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = label;
  b.setAttribute("dir", "auto");
  b.addEventListener("click", onClick);
  return b;
}

function questionBox(question, texts, onAnswer) {
  const box = document.createElement("div");
  box.className = "check-turn";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", question.text);
  const done = (text) => {
    box.querySelectorAll("button, input").forEach((el) => (el.disabled = true));
    onAnswer(text);
  };
  if (question.type === "int") {
    const input = document.createElement("input");
    input.type = "number";
    input.inputMode = "numeric";
    input.min = question.min;
    input.max = question.max;
    input.setAttribute("aria-label", question.text);
    box.append(input, button(texts.send, "button button-small", () => input.value.trim() && done(input.value.trim())));
  } else {
    for (const option of question.options) {
      box.append(button(option.label, "button button-secondary button-small", () => done(option.label)));
    }
  }
  box.append(button(texts.dontKnow, "link-button", () => done(texts.dontKnow)));
  return box;
}

function resultForm(check, lang) {
  const form = document.createElement("form");
  form.className = "check-turn-result";
  form.method = "post";
  form.action = `/foerder-check?lang=${encodeURIComponent(lang)}`;
  for (const [name, value] of check.result_form) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "link-button check-more";
  submit.textContent = check.more;
  form.append(submit);
  return form;
}

export function checkTurn(check, lang, texts, onAnswer) {
  if (!check) return null;
  return check.question ? questionBox(check.question, texts, onAnswer) : resultForm(check, lang);
}
