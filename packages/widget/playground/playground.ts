// The playground page: the widget from source against @intro-page/mock's
// Service Worker. The scenario, user and theme come from the address
// (?scenario=&user=&theme=), so every state has a link; the switchers reload
// with the new choice, and the widget starts from scratch in that state.
import { createMockToken, isScenarioName, scenarioNames } from "@intro-page/mock";
import { startIntroPageMockWorker } from "@intro-page/mock/browser";
import "../src/intro-page/intro-page.js";

const query = new URLSearchParams(location.search);
const theme = ["light", "dark", "auto"].includes(query.get("theme") ?? "") ? query.get("theme")! : "light";
const scenario = query.get("scenario") ?? "default";

const { mock } = await startIntroPageMockWorker({ start: { onUnhandledFrame: "bypass", quiet: true } });
const user = mock.users.includes(query.get("user") ?? "") ? query.get("user")! : "demo";

/** Fills a select with `values`, selects `current`, and reloads with the new value on change. */
function switcher(id: string, values: readonly string[], current: string): void {
  const select = document.getElementById(id) as HTMLSelectElement;
  select.replaceChildren(...values.map((value) => new Option(value, value, false, value === current)));
  select.value = current;
  select.addEventListener("change", () => {
    query.set(id, select.value);
    location.search = query.toString();
  });
}
switcher("scenario", scenarioNames, isScenarioName(scenario) ? scenario : "default");
switcher("user", mock.users, user);
switcher("theme", ["light", "dark", "auto"], theme);

document.documentElement.dataset.theme = theme === "auto" ? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light") : theme;
const widget = document.querySelector("intro-page")!;
widget.setAttribute("theme", theme);
widget.setAttribute("token", createMockToken({ sub: user }));
widget.setAttribute("user-id", user);
