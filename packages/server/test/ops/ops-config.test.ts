import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("operations configuration", () => {
  it("when nothing is set, then the defaults are single-instance, limits on, no CORS, no proxy trusted", () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config).toMatchObject({
      RATE_LIMIT_WINDOW_S: 60,
      RATE_LIMIT_READ: 300,
      RATE_LIMIT_WRITE: 60,
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
      SHUTDOWN_DRAIN_TIMEOUT_MS: 10_000,
      SHUTDOWN_DELAY_MS: 0,
    });
  });

  it("when lists and proxy settings are given, then they are parsed", () => {
    const config = loadConfig({ CORS_ORIGINS: "https://a.example.com, http://localhost:5173", TRUST_PROXY: "10.0.0.0/8,loopback", REDIS_URL: "rediss://cache.internal:6380" });
    expect(config.CORS_ORIGINS).toEqual(["https://a.example.com", "http://localhost:5173"]);
    expect(config.TRUST_PROXY).toEqual(["10.0.0.0/8", "loopback"]);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
  });

  it.each([
    ["CORS_ORIGINS", "https://a.example.com/path"],
    ["REDIS_URL", "http://cache:6379"],
    ["RATE_LIMIT_READ", "0"],
    ["METRICS_SCRAPE_TOKEN", "short"],
    ["REDIS_KEY_PREFIX", "has spaces"],
  ])("when %s is %j, then start-up stops naming that variable", (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toEqual([variable]);
  });
});
