// Demo page wiring, kept out of index.html so the page runs under a strict
// Content-Security-Policy (script-src 'self').
// Configure the widget from the query string: user-id and token, plus optional settings.
const query = new URLSearchParams(location.search);
const widget = document.getElementById("intro");
const userId = query.get("user-id") ?? query.get("userId");
const token = query.get("token");
if (!userId || !token) document.getElementById("hint").hidden = false;
for (const name of ["api-base-url", "locale", "theme", "poll-interval", "sections"]) {
  const value = query.get(name);
  if (value) widget.setAttribute(name, value);
}
if (token) widget.tokenProvider = () => token;
if (userId) widget.setAttribute("user-id", userId);

const theme = document.getElementById("theme");
theme.value = widget.getAttribute("theme") ?? "auto";
theme.addEventListener("change", () => widget.setAttribute("theme", theme.value));

// Show what the host receives: the three public events.
const log = document.getElementById("events");
const describe = {
  "intro-page-load": (d) => `loaded ${d.userId} (${d.initial ? "first" : "update"})`,
  "intro-page-error": (d) => `${d.operation} failed: ${d.error.kind} ${d.error.status ?? ""} ${d.error.message}`,
  "intro-page-action": (d) => `${d.action} "${d.item.title}" → ${d.outcome.state}`,
};
for (const [name, text] of Object.entries(describe)) {
  widget.addEventListener(name, (event) => {
    const entry = document.createElement("li");
    entry.textContent = `${new Date().toLocaleTimeString()} ${name}: ${text(event.detail)}`;
    log.prepend(entry);
  });
}
