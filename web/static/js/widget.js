/* Digitalnavigator widget: one tag puts a chat button on any website.

     <script src="https://navigator.example/widget.js" data-navigator-url="https://navigator.example"
             data-lang="de" defer></script>

   The button and panel live in a shadow root (the host page's CSS cannot reach them) and the chat runs
   in an iframe of <navigator>/widget, so it keeps the navigator's own strict CSP. The host page needs
   the navigator in its own CSP (script-src, style-src, frame-src) if it has one; the navigator lists
   the host's origin in NAVIGATOR_CORS_ORIGINS.

   If the frame cannot load (the origin is not listed, or the navigator is down), the panel says so with
   a link to the navigator's own page, the console tells the site owner what to check, and the launcher,
   the close button (outside the frame) and Escape keep working. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.digitalnavigatorWidget) return;

  var base = (script.getAttribute("data-navigator-url") || new URL(script.src, location.href).origin)
    .replace(/\/+$/, "");
  var origin = new URL(base, location.href).origin;
  // [open, close, cannot load, open the navigator's own page]
  var LABELS = {
    de: ["Fragen an den Digitalnavigator", "Chat schließen", "Der Chat kann hier gerade nicht geladen werden.",
      "Digitalnavigator in neuem Tab öffnen"],
    en: ["Ask the Digitalnavigator", "Close chat", "The chat cannot be loaded here right now.",
      "Open the Digitalnavigator in a new tab"],
    tr: ["Digitalnavigator'e sorun", "Sohbeti kapat", "Sohbet şu anda burada yüklenemiyor.",
      "Digitalnavigator'ı yeni sekmede açın"],
    uk: ["Запитати Digitalnavigator", "Закрити чат", "Чат зараз не вдається завантажити тут.",
      "Відкрити Digitalnavigator у новій вкладці"],
    ar: ["اسأل الدليل الرقمي", "إغلاق المحادثة", "لا يمكن تحميل المحادثة هنا حالياً.",
      "افتح الدليل الرقمي في علامة تبويب جديدة"],
  };
  var READY_WAIT_MS = 1500; // after the frame's load event, for its "ready" message
  var LOAD_WAIT_MS = 15000; // for the load event itself
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
  css.addEventListener("error", function () {
    console.warn("Digitalnavigator widget: cannot load " + css.href + " – is the navigator at " + base +
      " running, and is it allowed by this page's Content-Security-Policy (style-src)?");
  });

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

  // The close button sits outside the frame, so it works even when the frame shows an error page.
  var bar = document.createElement("div");
  bar.className = "bar";
  var closeButton = document.createElement("button");
  closeButton.type = "button";
  closeButton.className = "close";
  closeButton.setAttribute("aria-label", LABELS[lang][1]);
  closeButton.textContent = "×";
  bar.appendChild(closeButton);
  panel.appendChild(bar);

  var frame = null;
  var ready = false;
  var failed = false;
  var fallback = null;

  function focusFrame() {
    if (!frame || panel.hidden || !ready) return;
    frame.focus();
    frame.contentWindow.postMessage({ type: "digitalnavigator:focus" }, origin);
  }

  function explain() {
    // The host cannot see why a cross-origin frame failed; a no-cors probe tells "down" from "refused".
    var here = location.origin;
    fetch(base + "/api/health", { mode: "no-cors", cache: "no-store" }).then(function () {
      console.warn("Digitalnavigator widget: " + base + " refused to be shown on " + here +
        ". Add " + here + " to NAVIGATOR_CORS_ORIGINS on the navigator (it becomes the frame-ancestors" +
        " of its Content-Security-Policy), and allow " + origin + " in this page's frame-src if it has a CSP.");
    }, function () {
      console.warn("Digitalnavigator widget: the navigator at " + base + " is not reachable from " + here +
        ". Check that it is running and that data-navigator-url is right (connect-src and frame-src" +
        " must allow it if this page has a Content-Security-Policy).");
    });
  }

  function fail() {
    if (ready || failed) return;
    failed = true;
    frame.hidden = true;
    fallback = document.createElement("div");
    fallback.className = "fallback";
    fallback.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = LABELS[lang][2];
    var link = document.createElement("a");
    link.href = base + "/?lang=" + encodeURIComponent(lang);
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = LABELS[lang][3];
    fallback.append(text, link);
    panel.appendChild(fallback);
    if (!panel.hidden) link.focus();
    explain();
  }

  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.title = LABELS[lang][0];
      frame.src = base + "/widget?lang=" + encodeURIComponent(lang);
      // A refused or unreachable frame still fires "load" (with the browser's error page) but never
      // says "ready"; a frame that never loads at all times out.
      frame.addEventListener("load", function () { setTimeout(fail, READY_WAIT_MS); });
      setTimeout(fail, LOAD_WAIT_MS);
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    label.textContent = LABELS[lang][1];
    if (failed) fallback.querySelector("a").focus();
    else focusFrame();
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
  closeButton.addEventListener("click", close);
  // Escape on the host page (launcher, close button, fallback link); inside the frame, widget-frame.js
  // sends "close" instead, since key presses there do not reach this page.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow || !event.data) return;
    if (event.data.type === "digitalnavigator:close") close();
    if (event.data.type === "digitalnavigator:ready" && !failed) {
      ready = true;
      focusFrame();
    }
  });

  shadow.append(css, panel, button);
  (document.body || document.documentElement).appendChild(host);
  window.digitalnavigatorWidget = { open: open, close: close };
})();
