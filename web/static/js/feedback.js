// Thumbs up/down under an answer. Nothing is sent before a click; then the rating, the question and
// the answer go to POST /api/feedback, and an optional comment to /api/feedback/<id>/comment.

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`feedback: HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/** The feedback box for one answer (cloned from <template data-template="feedback">). */
export function feedbackBox(template, { endpoint, anchor, question, answer, language, sources, texts }) {
  const box = template.content.firstElementChild.cloneNode(true);
  const field = (name) => box.querySelector(`[data-f="${name}"]`);
  const status = field("fb-status");
  const form = field("fb-comment");
  const textarea = field("fb-text");
  textarea.id = `${anchor}-comment`;
  field("fb-label").htmlFor = textarea.id;
  const thumbs = [...box.querySelectorAll(".thumb")];
  let rowId = null;
  let sending = false;

  for (const thumb of thumbs) {
    thumb.addEventListener("click", async () => {
      if (rowId || sending) return;
      sending = true;
      thumb.setAttribute("aria-pressed", "true");
      try {
        const created = await postJson(endpoint, {
          rating: thumb.dataset.rating, question, answer, language, sources,
        });
        rowId = created.id;
        for (const other of thumbs) if (other !== thumb) other.setAttribute("aria-disabled", "true");
        status.textContent = texts.thanks;
        form.hidden = false;
      } catch {
        thumb.setAttribute("aria-pressed", "false");
        status.textContent = texts.feedbackError;
      } finally {
        sending = false;
      }
    });
  }

  // The comment form appears only after a rating (it needs the stored row) and sends once.
  const send = form.querySelector('button[type="submit"]');
  let commented = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const comment = textarea.value.trim();
    if (!comment || !rowId || commented || sending) return;
    sending = true;
    send.disabled = true;
    try {
      await postJson(`${endpoint}/${rowId}/comment`, { comment });
      commented = true;
      form.hidden = true;
      status.textContent = texts.commentThanks;
      status.tabIndex = -1;
      status.focus(); // the focused button just disappeared with the form
    } catch {
      send.disabled = false;
      status.textContent = texts.feedbackError;
    } finally {
      sending = false;
    }
  });
  return box;
}
