// Source cards: fill the server-rendered <template data-template="card"> (labels are translated there).

/** A tel: URI for the first number in a contact string, like navigator/web/render.py:tel_href. */
export function telHref(phone) {
  const match = phone.replaceAll("(0)", "").match(/\+?\d[\d\s/().\-–]{3,}\d/);
  if (!match) return null;
  const digits = match[0].replace(/[^\d+]/g, "");
  return digits.replace(/^\+/, "").length >= 5 ? `tel:${digits}` : null;
}

/** "2026-11-26" -> "26.11.2026". */
export function formatDate(iso) {
  const [year, month, day] = (iso || "").slice(0, 10).split("-");
  return day ? `${day}.${month}.${year}` : "";
}

function statusText(source, texts) {
  const date = formatDate(source.end_date);
  if (source.status === "ended") {
    if (source.kind === "event") return date ? texts.past.replace("{date}", date) : texts.pastShort;
    return date ? texts.ended.replace("{date}", date) : texts.endedShort;
  }
  if (source.status === "upcoming") return texts.upcoming;
  // An offer about to end: the system's own sentence ("läuft nur noch bis 31.12.2026 (noch 24 Tage)").
  return source.status_state === "ending" ? source.status_text || "" : "";
}

function passage(text, lang) {
  const span = document.createElement("span");
  span.lang = lang;
  span.dir = "auto";
  span.textContent = text;
  return span;
}

/** The German name (lang="de"), then its translation in the answer's language, as the server renders it. */
function fillTitle(element, source) {
  const parts = [passage(source.title_de || source.title, "de")];
  if (source.translated && source.title_translation) {
    parts.push(" ", passage(`(${source.title_translation})`, source.lang));
  }
  element.replaceChildren(...parts);
}

/** The summary with its language; German in a non-German answer says so ("nur auf Deutsch"). */
function fillSummary(element, source, texts) {
  const parts = [passage(source.summary, source.lang || "de")];
  if (source.german_only) {
    const note = document.createElement("span");
    note.className = "german-only";
    note.textContent = `(${texts.germanOnly})`;
    parts.push(" ", note);
  }
  element.replaceChildren(...parts);
}

/** "Beratung auch auf: English, العربية", each name in its own language. */
function fillLanguages(element, languages, texts) {
  if (!languages.length) {
    element.remove();
    return;
  }
  const parts = [`${texts.languages}: `];
  languages.forEach((code, i) => {
    if (i) parts.push(", ");
    parts.push(passage(texts.languageNames[code] || code, code));
  });
  element.replaceChildren(...parts);
  element.hidden = false;
}

/** "Beraten lassen bei …": each office with the contacts its file states (as _cards.html:advice_item). */
function fillAdvice(element, offices) {
  if (!offices.length) {
    element.remove();
    return;
  }
  const items = offices.map((office) => {
    const item = document.createElement("li");
    item.className = "advice-office";
    const link = document.createElement("a");
    link.href = `/angebote/${encodeURIComponent(office.id)}`;
    link.lang = "de";
    link.textContent = office.title;
    item.append(link);
    const parts = ["phone", "email", "address", "opening_hours", "appointment"].filter((key) => office[key]);
    if (!office.phone && !office.email && !office.address) parts.push("url");
    for (const key of parts) {
      const value = document.createElement(key === "email" ? "a" : "span");
      if (key === "email") value.href = `mailto:${office.email}`;
      if (key === "url") value.className = "print-url";
      value.dir = ["address", "appointment"].includes(key) ? "auto" : "ltr";
      value.textContent = office[key];
      item.append(" · ", value);
    }
    return item;
  });
  element.querySelector('[data-f="advice-list"]').replaceChildren(...items);
}

/** A card element for one source of an answer; its id is `<anchor>-<n>` (the target of [n]). */
export function makeCard(template, source, anchor, texts, newTab) {
  const card = template.content.firstElementChild.cloneNode(true);
  const field = (name) => card.querySelector(`[data-f="${name}"]`);
  card.id = `${anchor}-${source.n}`;
  card.dataset.kind = source.kind;
  card.dataset.id = source.id;
  if (source.cited === false) card.classList.add("card-uncited");
  field("kind").textContent = texts.kinds[source.kind] || source.kind;
  field("n").textContent = String(source.n);
  for (const name of ["title2", "title3"]) field(name).textContent = source.title;
  fillTitle(field("title"), source);
  field("organisation").textContent = source.organisation;
  fillSummary(field("summary"), source, texts);
  fillLanguages(field("languages"), source.languages || [], texts);

  const status = field("status");
  const label = statusText(source, texts);
  if (label) {
    status.textContent = label;
    status.classList.add(`status-${source.status_state === "ending" ? "ending" : source.status}`);
    status.hidden = false;
  } else {
    status.remove();
  }

  const contact = source.contact || {};
  for (const key of ["phone", "email", "address", "opening_hours", "appointment"]) {
    const row = card.querySelector(`[data-c="${key}"]`);
    if (!contact[key]) row.remove();
    else field(key).textContent = contact[key];
  }
  if (contact.phone) {
    const href = telHref(contact.phone);
    if (href) field("phone").href = href;
    else field("phone").removeAttribute("href");
  }
  if (contact.email) field("email").href = `mailto:${contact.email}`;
  const list = card.querySelector(".card-contact");
  if (list && !list.children.length) list.remove();

  fillAdvice(field("advice"), source.advice || []);
  field("url").href = source.url;
  field("url-text").textContent = source.url;
  const keep = card.querySelector("[data-keep]");
  keep.dataset.id = source.id;
  keep.dataset.title = source.title_de || source.title;
  field("more").href = `/angebote/${encodeURIComponent(source.id)}`;
  field("reviewed").textContent = texts.reviewed.replace("{date}", formatDate(source.reviewed));

  if (newTab) {
    // In the widget the page is someone else's site: web links open a new tab, not the iframe.
    for (const link of card.querySelectorAll('a[href^="http"], a[href^="/"]')) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  }
  return card;
}
