// Render an answer as paragraphs and lists; [n] links to its source card, URLs become links.
// Builds DOM nodes (never innerHTML): the text comes from a language model. Mirrors
// navigator/web/render.py:answer_html, which renders answers for pages without JavaScript.

const TOKEN = /\[(\d{1,3})\]|(https?:\/\/[^\s<>()[\]"']+[^\s<>()[\]"'.,;:!?])/g;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/;

function appendInline(parent, line, anchor, citeLabel, newTab) {
  let pos = 0;
  for (const match of line.matchAll(TOKEN)) {
    parent.append(line.slice(pos, match.index).replaceAll("**", ""));
    const link = document.createElement("a");
    if (match[1]) {
      link.className = "cite";
      link.href = `#${anchor}-${match[1]}`;
      link.setAttribute("aria-label", citeLabel.replace("{n}", match[1]));
      link.textContent = `[${match[1]}]`;
    } else {
      link.href = match[2];
      link.rel = "noopener";
      link.textContent = match[2];
      if (newTab) link.target = "_blank";
    }
    parent.append(link);
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
      appendInline(item, line.replace(LIST_ITEM, ""), anchor, citeLabel, newTab);
      list.append(item);
      continue;
    }
    list = null;
    if (line.trim()) {
      const paragraph = document.createElement("p");
      appendInline(paragraph, line.trim(), anchor, citeLabel, newTab);
      fragment.append(paragraph);
    }
  }
  element.replaceChildren(fragment);
}
