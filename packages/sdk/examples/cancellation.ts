import { createIntroPageClient, isNotModified } from "@intro-page/sdk";

const client = createIntroPageClient({ baseUrl: "https://intro.example.com", token: "…", timeoutMs: 8_000 });

// Cancel when the user navigates away; the call rejects at once with kind "aborted".
const controller = new AbortController();
const pending = client.getIntroPage({ userId: "demo" }, { signal: controller.signal });
controller.abort();
await pending.catch(() => {});

// Or give one call a deadline of its own, on top of the client's per-attempt timeout.
const page = await client.getIntroPage({ userId: "demo" }, { signal: AbortSignal.timeout(2_000) });

// Conditional requests are automatic: a 304 resolves with the remembered page.
if (isNotModified(page)) console.log("unchanged since the last call");
