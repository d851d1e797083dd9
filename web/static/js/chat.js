// The chat: sends the question to POST /api/chat/stream and renders the Server-Sent Events:
// `sources` (cards at once), `token`s (the answer as it is written) and `done` (the verified answer and
// the final source order, which replace what was streamed). The conversation lives only in this
// browser tab: sessionStorage keeps it across a reload and forgets it when the tab is closed.
import { renderAnswer } from "./answer.js";
import { makeCard } from "./cards.js";
import { checkTurn } from "./check-turn.js";
import { feedbackBox } from "./feedback.js";
import { sseEvents } from "./sse.js";

const MAX_HISTORY_TURNS = 6;
const MAX_TURN_CHARS = 2000;
const MAX_KEPT_TURNS = 20;

class HttpError extends Error {
  constructor(status) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

function checkedValues(root, name) {
  return [...root.querySelectorAll(`input[data-filter="${name}"]:checked`)].map((box) => box.value);
}

export function initChat(root) {
  const texts = JSON.parse(root.querySelector("script[data-texts]").textContent);
  const template = (name) => root.querySelector(`template[data-template="${name}"]`);
  const form = root.querySelector("[data-form]");
  const input = root.querySelector("[data-input]");
  const log = root.querySelector("[data-log]");
  const status = root.querySelector("[data-status]");
  const newChat = root.querySelector("[data-new]");
  const newTab = root.dataset.mode === "widget";
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const history = [];
  const storeKey = `navigator.chat.${root.dataset.mode}`;
  let turns = 0;
  let busy = false;

  function loadKept() {
    try {
      return JSON.parse(sessionStorage.getItem(storeKey) || "[]");
    } catch {
      return [];
    }
  }

  function keep(message, final) {
    const kept = loadKept();
    kept.push({ message, final: { answer: final.answer, sources: final.sources, language: final.language } });
    try {
      sessionStorage.setItem(storeKey, JSON.stringify(kept.slice(-MAX_KEPT_TURNS)));
    } catch {
      // storage full or disabled: the chat still works, it just does not survive a reload
    }
  }

  function newTurn(message) {
    const anchor = `${root.dataset.mode}-t${++turns}`;
    const turn = template("turn").content.firstElementChild.cloneNode(true);
    turn.querySelector('[data-f="question"]').textContent = message;
    const heading = turn.querySelector('[data-f="heading"]');
    heading.id = `${anchor}-title`;
    const sources = turn.querySelector('[data-f="sources"]');
    sources.id = `${anchor}-sources`;
    turn.querySelector('[data-f="to-sources"]').href = `#${anchor}-sources`;
    log.append(turn);
    newChat.hidden = false;
    return { turn, anchor, heading, answerElement: turn.querySelector('[data-f="answer"]') };
  }

  /** "Anfrage vorbereiten" under the answer: the question, its language, the asker type, the entries. */
  function fillPrepare(turn, message, final) {
    const form = turn.querySelector('[data-f="prepare"]');
    if (!form || !final.sources.length) return;
    const set = (name, value) => {
      form.querySelector(`[data-f="prepare-${name}"]`).value = value;
    };
    set("question", message);
    set("language", final.language || root.dataset.lang);
    set("audience", checkedValues(root, "audience")[0] || "");
    set("ids", final.sources.map((source) => source.id).join(","));
    if (newTab) form.target = "_blank";
    form.hidden = false;
  }

  function showFinal(turn, message, final, anchor, answerElement) {
    renderAnswer(answerElement, final.answer, anchor, texts.cite, newTab);
    // A Förder-Check question is answered with its buttons; its result links to the full page.
    const check = checkTurn(final.check, root.dataset.lang, texts, (reply) => !busy && ask(reply));
    if (check) answerElement.after(check);
    showCards(turn, final.sources, anchor);
    fillPrepare(turn, message, final);
    answerElement.setAttribute("aria-busy", "false");
    history.push(
      { role: "user", content: message.slice(0, MAX_TURN_CHARS) },
      { role: "assistant", content: final.answer.slice(0, MAX_TURN_CHARS) },
    );
  }

  function showCards(turn, sources, anchor) {
    const section = turn.querySelector('[data-f="sources"]');
    const cards = sources.map((source) => makeCard(template("card"), source, anchor, texts, newTab));
    turn.querySelector('[data-f="cards"]').replaceChildren(...cards);
    section.hidden = cards.length === 0;
    turn.querySelector('[data-f="to-sources"]').hidden = cards.length === 0;
  }

  function errorText(error) {
    if (error instanceof HttpError && error.status === 429) return texts.errorBusy;
    if (error instanceof HttpError && (error.status === 413 || error.status === 422)) return texts.errorLong;
    return texts.error;
  }

  async function ask(message) {
    busy = true;
    root.setAttribute("aria-busy", "true");
    const { turn, anchor, heading, answerElement } = newTurn(message);
    // Focus follows the conversation: to the new answer's heading, not left in the question box below.
    heading.focus({ preventScroll: true });
    turn.scrollIntoView({ block: "start", behavior: reducedMotion ? "auto" : "smooth" });
    status.textContent = texts.searching;

    let streamed = "";
    let pending = false;
    let finished = false; // a frame still queued must not paint the streamed text over the final one
    const paint = () => {
      pending = false;
      if (!finished) renderAnswer(answerElement, streamed, anchor, texts.cite, newTab);
    };
    try {
      const response = await fetch(root.dataset.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({
          message,
          history: history.slice(-MAX_HISTORY_TURNS),
          filters: { audience: checkedValues(root, "audience"), region: checkedValues(root, "region") },
          language: root.dataset.lang,
        }),
      });
      if (!response.ok) throw new HttpError(response.status);
      let final = null;
      for await (const event of sseEvents(response)) {
        const data = JSON.parse(event.data);
        if (event.event === "sources") {
          showCards(turn, data, anchor);
        } else if (event.event === "token") {
          streamed += data;
          if (!pending) {
            pending = true;
            requestAnimationFrame(paint);
          }
        } else if (event.event === "done") {
          final = data;
        } else if (event.event === "error") {
          throw new Error(data.detail);
        }
      }
      if (!final) throw new Error("the stream ended without an answer");
      finished = true;
      showFinal(turn, message, final, anchor, answerElement);
      keep(message, final);
      if (root.dataset.feedback) {
        const box = feedbackBox(template("feedback"), {
          endpoint: root.dataset.feedback,
          anchor,
          question: message,
          answer: final.answer,
          language: root.dataset.lang,
          sources: final.sources.map((source) => source.id),
          texts,
        });
        turn.querySelector('[data-f="feedback"]').replaceWith(box);
      }
      // The one announcement of the answer: the status region is polite and was on the page before
      // the question, so screen readers read it once, complete, instead of every streamed word.
      status.textContent = `${texts.done} ${answerElement.innerText.replace(/\s+/g, " ").trim()}`;
    } catch (error) {
      finished = true;
      const note = document.createElement("p");
      note.className = "answer-error";
      note.textContent = errorText(error);
      answerElement.replaceChildren(note);
      status.textContent = note.textContent;
    } finally {
      answerElement.setAttribute("aria-busy", "false");
      root.removeAttribute("aria-busy");
      busy = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const starter = event.submitter && event.submitter.name === "starter" ? event.submitter.value : "";
    const message = (starter || input.value).trim();
    if (!message) {
      status.textContent = texts.empty;
      input.focus();
      return;
    }
    if (busy) return;
    if (!starter) input.value = "";
    ask(message);
  });

  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter starts a new line (as in other chats).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // A reload brings the conversation back from this tab's sessionStorage (no request to the server).
  for (const { message, final } of loadKept()) {
    const { turn, anchor, answerElement } = newTurn(message);
    showFinal(turn, message, final, anchor, answerElement);
  }

  newChat.querySelector("button").addEventListener("click", () => {
    sessionStorage.removeItem(storeKey);
    history.length = 0;
    log.querySelectorAll(".turn").forEach((turn) => turn.remove());
    newChat.hidden = true;
    input.focus();
  });

  return { ask, input };
}

export const chats = [...document.querySelectorAll("[data-chat]")].map(initChat);
