import { createIntroPageClient, watchIntroPage } from "@intro-page/sdk";

const client = createIntroPageClient({ baseUrl: "https://intro.example.com", token: "…" });

const watcher = watchIntroPage(client, "demo", {
  intervalMs: 30_000,
  sections: ["actions", "activity"],
  onData(page) {
    console.log("changed:", page.sections.actions?.data?.total, "open items");
  },
  onError(error) {
    console.warn(`poll failed (${error.kind}); retrying with backoff`);
  },
});

// After the user acted, poll now instead of waiting for the interval.
await watcher.refresh();

// When the view goes away:
watcher.stop();
