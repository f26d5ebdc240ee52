// Demo page wiring, kept out of index.html so the page runs under a strict
// Content-Security-Policy (script-src 'self').
//
// In demo mode (the reference server started without a JWT key) the page
// signs in by itself: it asks the same-origin /demo/token endpoint for a
// short-lived token for the picked demo user and renews it before it
// expires. The token lives in this script only, never in the address.
// Otherwise /demo/* answers 404 and the page shows how to get a token.
const widget = document.getElementById("intro");
const status = document.getElementById("status");
const picker = document.getElementById("user");
const live = document.getElementById("live");
const query = new URLSearchParams(location.search);

// Optional settings from the query string (never a token: see below).
for (const name of ["api-base-url", "locale", "theme", "poll-interval", "sections"]) {
  const value = query.get(name);
  if (value) widget.setAttribute(name, value);
}

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
    const at = new Date();
    const line = `${name}: ${text(event.detail)}`;
    // The widget sends its events from inside its own update: writing the entry (the first
    // toLocaleTimeString loads the browser's locale data, tens of milliseconds on a phone)
    // waits for a task of its own so it never lengthens the widget's first render.
    setTimeout(() => {
      const entry = document.createElement("li");
      entry.textContent = `${at.toLocaleTimeString()} ${line}`;
      log.prepend(entry);
    });
  });
}

/** Shows the page of `userId`, asking `token()` for the bearer token before each request. */
function showPage(userId, token) {
  widget.tokenProvider = token;
  widget.setAttribute("user-id", userId);
}

async function json(response) {
  if (!response.ok) throw Object.assign(new Error(`${response.status} ${response.statusText}`), { status: response.status });
  return response.json();
}

const demoToken = (userId) =>
  fetch("/demo/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId }) }).then(json);

/** The demo session: the current user's token, renewed a minute before it expires (or at once when it is needed late, e.g. after sleep). */
const session = {
  current: undefined,
  renewal: undefined,
  async signIn(userId) {
    const issued = await demoToken(userId);
    this.current = { ...issued, expiresAtMs: Date.parse(issued.expiresAt) };
    clearTimeout(this.renewal);
    const renewInMs = Math.max(5_000, this.current.expiresAtMs - Date.now() - 60_000);
    this.renewal = setTimeout(() => void this.signIn(this.current.userId).catch(() => undefined), renewInMs);
    return this.current;
  },
  async token() {
    if (!this.current || this.current.expiresAtMs - Date.now() < 30_000) await this.signIn(this.current?.userId ?? picker.value);
    return this.current.token;
  },
};

// While live activity is on, the widget is asked for fresh data at the pace of the events (its own poll is slower).
let liveRefresh;
function reflectLiveActivity(state) {
  const on = state.enabled && state.userId === picker.value;
  live.setAttribute("aria-pressed", String(on));
  clearInterval(liveRefresh);
  if (on) liveRefresh = setInterval(() => widget.refresh(), state.intervalMs);
}

async function setLiveActivity(enabled) {
  const state = await fetch("/demo/live-activity", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ enabled, userId: picker.value }),
  }).then(json);
  reflectLiveActivity(state);
  status.textContent = state.enabled ? `Live activity on: a new event for ${picker.selectedOptions[0].text} every ${state.intervalMs / 1000} s.` : "Live activity off.";
}

async function startDemo() {
  // Both at once: the first paint of the page waits for the token only.
  const usersReply = fetch("/demo/users").then(json);
  // Without demo mode the token request fails first and decides; this one must not also surface as unhandled.
  usersReply.catch(() => undefined);
  const first = await session.signIn("demo");
  showPage(first.userId, () => session.token());
  const { users } = await usersReply;
  picker.replaceChildren(...users.map((user) => new Option(user.displayName, user.id, false, user.id === first.userId)));
  picker.disabled = live.disabled = false;
  status.textContent = `Signed in as ${picker.selectedOptions[0].text} with a demo token (renewed automatically).`;
  picker.addEventListener("change", async () => {
    const userId = picker.value;
    await session.signIn(userId);
    showPage(userId, () => session.token());
    status.textContent = `Signed in as ${picker.selectedOptions[0].text} with a demo token (renewed automatically).`;
    // Live activity follows the user on screen.
    if (live.getAttribute("aria-pressed") === "true") await setLiveActivity(true);
  });
  live.addEventListener("click", () => void setLiveActivity(live.getAttribute("aria-pressed") !== "true"));
  fetch("/demo/live-activity").then(json).then(reflectLiveActivity, () => undefined);
}

/** Not demo mode: explain how to get a token, and take one from the form (kept in memory only). */
function showSetup() {
  for (const element of document.querySelectorAll("[data-demo-only]")) element.hidden = true;
  document.getElementById("setup").hidden = false;
  document.getElementById("sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = document.getElementById("sign-in-token").value.trim();
    showPage(document.getElementById("sign-in-user").value.trim(), () => token);
    status.textContent = "Signed in with your token.";
  });
}

// A token in the address (old links, scripted tests) is used once and removed from the address bar and history.
const linkToken = query.get("token");
if (linkToken) {
  const userId = query.get("user-id") ?? query.get("userId") ?? "demo";
  query.delete("token");
  history.replaceState(null, "", `${location.pathname}${query.size > 0 ? `?${query}` : ""}${location.hash}`);
  for (const element of document.querySelectorAll("[data-demo-only]")) element.hidden = true;
  showPage(userId, () => linkToken);
} else {
  startDemo().catch((error) => (error.status === 404 ? showSetup() : (status.textContent = `The demo could not sign in: ${error.message}`)));
}
