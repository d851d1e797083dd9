// The Merkliste: entries the person keeps, in this browser's localStorage only (ids and titles; never
// a question). "Merken" on any card toggles an entry; /merkliste shows the list and a share link that
// carries only entry ids and filters.
const KEY = "navigator.merkliste";

export function loadKept() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list.filter((e) => e && typeof e.id === "string") : [];
  } catch {
    return [];
  }
}

function save(list) {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // storage disabled: the buttons still toggle for this page
  }
}

function sync(button) {
  const on = loadKept().some((e) => e.id === button.dataset.id);
  button.setAttribute("aria-pressed", String(on));
  button.querySelector("span").textContent = on ? button.dataset.done : button.dataset.label;
}

function wire(button) {
  if (!button.dataset.id) return;
  button.hidden = false;
  sync(button);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-keep]");
  if (!button) return;
  const { id, title } = button.dataset;
  const list = loadKept();
  save(list.some((e) => e.id === id) ? list.filter((e) => e.id !== id) : [...list, { id, title }]);
  document.querySelectorAll("[data-keep]").forEach((b) => b.dataset.id === id && sync(b));
});

document.querySelectorAll("[data-keep]").forEach(wire);
// Cards of chat answers arrive later.
new MutationObserver(() => document.querySelectorAll("[data-keep][hidden]").forEach(wire)).observe(
  document.body,
  { childList: true, subtree: true },
);

const page = document.querySelector("[data-watchlist]");
if (page) {
  const params = new URLSearchParams(window.location.search);
  const kept = loadKept().map((e) => e.id);
  if (!params.get("ids") && kept.length) {
    // The server shows entries by id only: hand it this browser's list.
    params.set("ids", kept.join(","));
    window.location.replace(`/merkliste?${params}`);
  }
  const saveShared = page.querySelector("[data-save-shared]");
  if (saveShared) {
    saveShared.hidden = false;
    saveShared.addEventListener("click", () => {
      const list = loadKept();
      for (const card of page.querySelectorAll("[data-keep]")) {
        if (!list.some((e) => e.id === card.dataset.id)) list.push({ id: card.dataset.id, title: card.dataset.title });
      }
      save(list);
      page.querySelectorAll("[data-keep]").forEach(sync);
    });
  }
  const clear = page.querySelector("[data-clear]");
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", () => {
      save([]);
      window.location.replace("/merkliste");
    });
  }
}
