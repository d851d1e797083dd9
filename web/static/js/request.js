// The prepared request: copy its text to the clipboard and print the page. The text was built by the
// server for this page only; nothing here sends it anywhere.
const root = document.querySelector("[data-request]");
if (root) {
  const body = root.querySelector("[data-body]");
  const copy = root.querySelector("[data-copy]");
  const print = root.querySelector("[data-print]");
  const status = root.querySelector("[data-copy-status]");
  if (body && copy) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      await navigator.clipboard.writeText(body.value);
      status.textContent = status.dataset.copied;
    });
  }
  if (print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
  const ready = root.querySelector("#req-ready");
  if (ready) ready.focus();
}
