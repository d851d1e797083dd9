// Render an answer as paragraphs and lists; [n] links to its source card, URLs become links.
// Builds DOM nodes (never innerHTML): the text comes from a language model. Mirrors
// navigator/web/render.py:answer_html, which renders answers for pages without JavaScript.

// A citation marker, a web address, an e-mail address, or a phone number / time span / date.
const TOKEN =
  /\[(\d{1,3})\]|(https?:\/\/[^\s<>()[\]"']+[^\s<>()[\]"'.,;:!?])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(\+?\d[\d /().\-–:]{3,}\d)/g;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/;

// Markers, addresses and numbers are isolated left-to-right (dir="ltr"): inside an Arabic sentence a
// phone number keeps its digit order and a marker stays where it was written.
function appendInline(parent, line, anchor, citeLabel, newTab) {
  let pos = 0;
  for (const match of line.matchAll(TOKEN)) {
    parent.append(line.slice(pos, match.index).replaceAll("**", ""));
    const [, cite, url, email, number] = match;
    const node = document.createElement(number ? "span" : "a");
    node.dir = "ltr";
    if (cite) {
      node.className = "cite";
      node.href = `#${anchor}-${cite}`;
      node.setAttribute("aria-label", citeLabel.replace("{n}", cite));
      node.textContent = `[${cite}]`;
    } else if (url) {
      node.href = url;
      node.rel = "noopener";
      node.textContent = url;
      if (newTab) node.target = "_blank";
    } else if (email) {
      node.href = `mailto:${email}`;
      node.textContent = email;
    } else {
      node.textContent = number;
    }
    parent.append(node);
    pos = match.index + match[0].length;
  }
  parent.append(line.slice(pos).replaceAll("**", ""));
}

/**
 * Replace the content of `element` with `text` rendered; citations point to `#<anchor>-<n>`.
 * `newTab` opens web links in a new tab (in the widget, whose iframe should keep the chat).
 */
export function renderAnswer(element, text, anchor, citeLabel, newTab = false) {
  const fragment = document.createDocumentFragment();
  let list = null;
  for (const line of text.split("\n")) {
    if (LIST_ITEM.test(line)) {
      if (!list) fragment.append((list = document.createElement("ul")));
      const item = document.createElement("li");
      item.dir = "auto"; // each line takes its direction from its own first letters
      appendInline(item, line.replace(LIST_ITEM, ""), anchor, citeLabel, newTab);
      list.append(item);
      continue;
    }
    list = null;
    if (line.trim()) {
      const paragraph = document.createElement("p");
      paragraph.dir = "auto";
      appendInline(paragraph, line.trim(), anchor, citeLabel, newTab);
      fragment.append(paragraph);
    }
  }
  element.replaceChildren(fragment);
}
