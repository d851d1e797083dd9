/* Digitalnavigator widget: one tag puts a chat button on any website.

     <script src="https://navigator.example/widget.js" data-navigator-url="https://navigator.example"
             data-lang="de" defer></script>

   The button and panel live in a shadow root (the host page's CSS cannot reach them) and the chat runs
   in an iframe of <navigator>/widget, so it keeps the navigator's own strict CSP. The host page needs
   the navigator in its own CSP (script-src, style-src, frame-src) if it has one; the navigator lists
   the host's origin in NAVIGATOR_CORS_ORIGINS. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.digitalnavigatorWidget) return;

  var base = (script.getAttribute("data-navigator-url") || new URL(script.src, location.href).origin)
    .replace(/\/+$/, "");
  var origin = new URL(base, location.href).origin;
  var LABELS = {
    de: ["Fragen an den Digitalnavigator", "Chat schließen"],
    en: ["Ask the Digitalnavigator", "Close chat"],
    tr: ["Digitalnavigator'e sorun", "Sohbeti kapat"],
    uk: ["Запитати Digitalnavigator", "Закрити чат"],
    ar: ["اسأل الدليل الرقمي", "إغلاق المحادثة"],
  };
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "de").slice(0, 2).toLowerCase();
  if (!LABELS[lang]) lang = "de";
  var SVG = "http://www.w3.org/2000/svg";

  var host = document.createElement("div");
  host.setAttribute("data-digitalnavigator", "");
  host.style.display = "none"; // until our stylesheet has loaded (CSSOM, allowed by strict CSPs)
  var shadow = host.attachShadow({ mode: "open" });

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "/static/css/widget-host.css";
  css.addEventListener("load", function () { host.style.display = ""; });

  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "digitalnavigator-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", LABELS[lang][0]);

  var button = document.createElement("button");
  button.type = "button";
  button.className = "launcher";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", panel.id);
  var icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  var path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M21 12a8 8 0 0 1-11.6 7.1L4 21l1.9-5.4A8 8 0 1 1 21 12zM8 10h8M8 14h5");
  icon.appendChild(path);
  var label = document.createElement("span");
  label.textContent = LABELS[lang][0];
  button.append(icon, label);

  var frame = null;

  function focusFrame() {
    if (!frame || panel.hidden) return;
    frame.focus();
    frame.contentWindow.postMessage({ type: "digitalnavigator:focus" }, origin);
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = LABELS[lang][0];
      frame.src = base + "/widget?lang=" + encodeURIComponent(lang);
      frame.addEventListener("load", focusFrame);
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    label.textContent = LABELS[lang][1];
    focusFrame();
  }

  function close() {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    label.textContent = LABELS[lang][0];
    button.focus();
  }

  button.addEventListener("click", function () {
    if (panel.hidden) open();
    else close();
  });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && frame && event.source === frame.contentWindow &&
        event.data && event.data.type === "digitalnavigator:close") {
      close();
    }
  });

  shadow.append(css, panel, button);
  (document.body || document.documentElement).appendChild(host);
  window.digitalnavigatorWidget = { open: open, close: close };
})();
