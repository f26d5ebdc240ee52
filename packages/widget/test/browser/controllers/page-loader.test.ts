import { expect, oneEvent, waitUntil } from "@open-wc/testing";
import { PageLoader } from "../../../src/controllers/page-loader.js";
import type { IntroPageErrorEvent } from "../../../src/index.js";
import { mountHost } from "../../support/controller-host.js";
import type { ControllerHost } from "../../support/controller-host.js";
import { createMockBackend } from "../../support/mock-backend.js";
import type { MockBackend } from "../../support/mock-backend.js";
import { sleep } from "../../support/widget.js";

/** A host with a loader on it, wired to a fresh mock backend but not yet given a user. */
async function setUp(backendOptions: Parameters<typeof createMockBackend>[0] = {}): Promise<{ host: ControllerHost; loader: PageLoader; backend: MockBackend }> {
  const backend = createMockBackend(backendOptions);
  const host = await mountHost();
  const loader = new PageLoader(host, {
    ...host.user,
    sections: () => host.sections,
    pollIntervalMs: () => host.pollIntervalMs,
    // About loading and polling; the stream is covered end to end in packages/server/test/e2e/live-push.test.ts.
    transport: () => "poll",
    announce: host.announce,
    messages: host.messages,
    answered: host.answered,
    failed: host.failed,
  });
  host.client = backend.client;
  return { host, loader, backend };
}

const pageRequests = (backend: MockBackend, userId = "demo") =>
  backend.log.filter((entry) => entry.method === "GET" && entry.path.startsWith(`/api/v1/intro-page/${userId}`));

describe("PageLoader", () => {
  it("when the host has a client but no user, then it stays idle and requests nothing", async () => {
    const { host, loader, backend } = await setUp();
    await host.updateComplete;
    expect(loader.phase).to.equal("idle");
    expect(backend.log).to.have.length(0);
  });

  it("when the host sets a user, then it is loading in that same update and ready once the page arrives", async () => {
    const { host, loader } = await setUp();
    host.userId = "demo";
    await host.updateComplete;
    expect(loader.phase).to.equal("loading");
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    expect(loader.page?.userId).to.equal("demo");
  });

  it("when the host updates without changing client, user, sections or interval, then nothing is requested again", async () => {
    const { host, loader, backend } = await setUp();
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    const requests = backend.log.length;
    const page = loader.page;
    for (let i = 0; i < 3; i++) {
      host.requestUpdate();
      await host.updateComplete;
    }
    await sleep(50);
    expect(backend.log.length).to.equal(requests);
    expect(loader.page).to.equal(page);
  });

  it("when the user-id changes, then the loader restarts: the old page is dropped in that update and the new user's page loads", async () => {
    const { host, loader, backend } = await setUp();
    // One client that may read both pages, so only the user-id changes.
    host.client = backend.clientAs("admin", ["admin"]);
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "demo's page did not load");
    host.userId = "alice";
    await host.updateComplete;
    expect(loader.phase).to.equal("loading");
    expect(loader.page).to.equal(undefined);
    await waitUntil(() => loader.phase === "ready", "alice's page did not load");
    expect(loader.page?.userId).to.equal("alice");
    expect(pageRequests(backend, "alice").length).to.be.greaterThan(0);
  });

  it("when the requested sections change, then it restarts and asks for those sections only", async () => {
    const { host, loader, backend } = await setUp();
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    host.sections = ["actions", "activity"];
    await host.updateComplete;
    expect(loader.phase).to.equal("loading");
    await waitUntil(() => loader.phase === "ready", "the page did not load again");
    expect(pageRequests(backend).at(-1)?.path).to.match(/sections=actions(%2C|,)activity/);
    expect(Object.keys(loader.page?.sections ?? {}).sort()).to.deep.equal(["actions", "activity"]);
  });

  it("when the user is cleared, then it stops polling and goes idle", async () => {
    const { host, loader, backend } = await setUp();
    host.pollIntervalMs = 50;
    host.userId = "demo";
    await waitUntil(() => pageRequests(backend).length >= 2, "polling did not start");
    host.userId = "";
    await host.updateComplete;
    expect(loader.phase).to.equal("idle");
    expect(loader.page).to.equal(undefined);
    await sleep(100); // a poll already in flight may still land
    const afterStop = backend.log.length;
    await sleep(200);
    expect(backend.log.length).to.equal(afterStop);
  });

  it("when the host is detached, then polling stops, and when it is attached again, then it loads from scratch", async () => {
    const { host, loader, backend } = await setUp();
    host.pollIntervalMs = 50;
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    const parent = host.parentNode!;
    host.remove();
    await sleep(100);
    const whileDetached = backend.log.length;
    await sleep(200);
    expect(backend.log.length).to.equal(whileDetached);
    parent.appendChild(host);
    await host.updateComplete;
    expect(loader.phase).to.equal("loading");
    await waitUntil(() => loader.phase === "ready", "the page did not load again");
  });

  it("when loading fails, then the phase is error, the error is kept and intro-page-error fires with operation load", async () => {
    const { host, loader } = await setUp({ scenario: "server-error" });
    const failed = oneEvent(host, "intro-page-error") as Promise<IntroPageErrorEvent>;
    host.userId = "demo";
    const { detail } = await failed;
    expect(detail).to.include({ userId: "demo", operation: "load" });
    await host.updateComplete;
    expect(loader.phase).to.equal("error");
    expect(loader.error?.status).to.equal(500);
    expect(host.outcomes).to.deep.equal(["http 500"]);
  });

  it("when a load fails at the network level, then the failure is reported, and retry starts over at the next update", async () => {
    const { host, loader, backend } = await setUp({ scenario: "offline" });
    host.userId = "demo";
    await waitUntil(() => loader.phase === "error", "the load did not fail");
    expect(host.outcomes).to.deep.equal(["network"]);
    backend.mock.setScenario("default");
    loader.retry();
    await host.updateComplete;
    expect(loader.phase).to.equal("loading");
    await waitUntil(() => loader.phase === "ready", "retry did not load the page");
    expect(host.outcomes.at(-1)).to.equal("answered");
  });

  it("when a refresh is answered with 304, then the answer is reported although the page did not change", async () => {
    const { host, loader, backend } = await setUp();
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    const page = loader.page;
    const answeredAt = loader.answeredAt!;
    await sleep(5);
    loader.refresh();
    await waitUntil(() => host.outcomes.length === 2, "the 304 was not reported");
    expect(host.outcomes).to.deep.equal(["answered", "answered"]);
    expect(backend.log.at(-1)!.status).to.equal(304);
    expect(loader.page).to.equal(page);
    expect(loader.answeredAt).to.be.greaterThan(answeredAt);
  });

  it("when polling brings a new urgent item, then it is announced once", async () => {
    const { host, loader, backend } = await setUp();
    host.pollIntervalMs = 50;
    host.userId = "demo";
    await waitUntil(() => loader.phase === "ready", "the page did not load");
    await backend.clientAs("ingest", ["service"]).postEvents({
      body: {
        events: [
          { type: "action", eventId: "loader-test-1", userId: "demo", item: { id: "urgent-loader-1", kind: "task", title: "Renew the certificate", priority: "urgent" } },
        ],
      },
    });
    await waitUntil(() => host.announced.length > 0, "the new urgent item was not announced");
    await sleep(200);
    expect(host.announced).to.deep.equal(["New urgent item: Renew the certificate."]);
  });
});
