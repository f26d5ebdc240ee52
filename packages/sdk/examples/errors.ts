import { createIntroPageClient, IntroPageError } from "@intro-page/sdk";

const client = createIntroPageClient({ baseUrl: "https://intro.example.com", token: "…" });

try {
  await client.getIntroPage({ userId: "alice" });
} catch (error) {
  if (!(error instanceof IntroPageError)) throw error;
  switch (error.kind) {
    case "http": // the server answered with an error status
      console.error(error.status, error.problem?.title, error.problem?.errors, `request id ${error.requestId}`);
      if (error.status === 429) console.info(`try again in ${error.retryAfter ?? "a few"} seconds`);
      break;
    case "network": // no answer (offline, DNS, CORS, connection reset)
    case "timeout": // no answer within timeoutMs
      console.warn("the API is out of reach:", error.message);
      break;
    case "aborted": // your AbortSignal fired
      break;
  }
}
