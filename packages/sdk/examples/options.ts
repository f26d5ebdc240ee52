import { createIntroPageClient } from "@intro-page/sdk";

declare function fetchTokenFromMyBackend(): Promise<string>;

const client = createIntroPageClient({
  baseUrl: "https://intro.example.com", // required
  tokenProvider: async () => fetchTokenFromMyBackend(), // called before every request, and once more after a 401
  // token: "eyJ…",                     // or a fixed token
  fetch: globalThis.fetch, // any fetch (default: the global one, looked up per request)
  timeoutMs: 5_000, // per attempt (default 10 000)
  retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000, budgetMs: 20_000 }, // or false
  etagCacheSize: 100, // GET responses remembered for If-None-Match (default 50; 0 = off)
});

export default client;
