import { loadConfig } from "../../../src/config/config.js";
import { startServer, type RunningServer, type StartOptions } from "../../../src/start/start-server.js";
import { TEST_JWT_SECRET } from "./http.js";

/** The environment every test server starts from; tests add what they exercise. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    HOST: "127.0.0.1",
    PORT: "0",
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: "silent",
    SEED_DEMO: "true",
    SHUTDOWN_DRAIN_TIMEOUT_MS: "5000",
    // Ops tests are not about section timeouts; a busy test machine must not turn loads into timeouts.
    SECTION_TIMEOUT_MS: "2000",
    ...extra,
  };
}

/** Starts a real server (real HTTP on loopback, port 0) with `env` on top of {@link baseEnv}. */
export function startTestServer(env: Record<string, string | undefined> = {}, options: StartOptions = {}): Promise<RunningServer> {
  return startServer(loadConfig(baseEnv(env)), options);
}

/** A JSON-or-text response with the body already read. */
export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** `fetch` that reads the body (JSON when it is JSON) so tests can assert on everything at once. */
export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") && text !== "" ? (JSON.parse(text) as unknown) : text === "" ? undefined : text;
  return { status: response.status, headers: response.headers, body, text };
}
