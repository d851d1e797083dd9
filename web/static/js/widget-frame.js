// The chat inside the widget's iframe: the close button and Escape ask the host page to close the
// panel (widget.js listens, checking our origin); the host asks us to focus the question field.
import { chats } from "./chat.js";

function requestClose() {
  window.parent.postMessage({ type: "digitalnavigator:close" }, "*"); // carries no data
}

document.querySelector("[data-close]").addEventListener("click", requestClose);
// Tells widget.js the chat loaded (a refused or unreachable frame never says this); carries no data.
window.parent.postMessage({ type: "digitalnavigator:ready" }, "*");
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") requestClose();
});
window.addEventListener("message", (event) => {
  if (event.source === window.parent && event.data && event.data.type === "digitalnavigator:focus") {
    chats[0].input.focus();
  }
});
