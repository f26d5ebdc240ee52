import { describe, expect, it } from "vitest";
import { as, origin, useMockApi } from "./support/mock-api.js";

// The mock's page stream: what frontend teams build live updates against.
const { mock, call } = useMockApi();

/** Opens the stream and reads it event by event (a tiny reader: the mock's lines are well-formed). */
async function openStream(userId: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetch(`${origin}/api/v1/intro-page/${userId}/stream`, { headers, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    response,
    /** The next block (up to a blank line) that names `event`, parsed. */
    async next(event: string): Promise<{ id: string; data: any }> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
          if (fields.event === event) return { id: fields.id!, data: JSON.parse(fields.data!) };
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended before a ${event} event`);
        buffer += chunk.value;
      }
    },
    close: () => abort.abort(),
  };
}

describe("the mock's page stream", () => {
  it("when demo opens the stream, then a sync names every section with the ETags the reads send", async () => {
    const stream = await openStream("demo", as.demo);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const sync = await stream.next("sync");
    const page = await call("GET", "/api/v1/intro-page/demo", { headers: as.demo });
    const actions = await call("GET", "/api/v1/intro-page/demo/actions", { headers: as.demo });
    expect(sync.data.etag).toBe(page.headers.get("etag"));
    expect(sync.data.sections.actions).toBe(actions.headers.get("etag"));
    expect(Object.keys(sync.data.sections)).toHaveLength(5);
    stream.close();
  });

  it("when an item is completed, then the stream names the sections that changed, and a resume from the old id names them again", async () => {
    const stream = await openStream("demo", as.demo);
    const sync = await stream.next("sync");
    const actions = await call("GET", "/api/v1/intro-page/demo/actions", { headers: as.demo });
    await call("POST", `/api/v1/intro-page/demo/actions/${actions.body.data.items[0].id}/complete`, { headers: as.demo });
    const change = await stream.next("change");
    expect(Object.keys(change.data.sections)).toContain("actions");
    expect(change.data.etag).toBe((await call("GET", "/api/v1/intro-page/demo", { headers: as.demo })).headers.get("etag"));
    stream.close();

    const resumed = await openStream("demo", { ...as.demo, "last-event-id": sync.id });
    expect((await resumed.next("change")).data.sections).toEqual(change.data.sections);
    resumed.close();
  });

  it("when the scenario changes to degraded, then open streams name the sections that now look different", async () => {
    const stream = await openStream("demo", as.demo);
    await stream.next("sync");
    mock.setScenario("degraded");
    const change = await stream.next("change");
    expect(Object.keys(change.data.sections).length).toBeGreaterThan(0);
    stream.close();
  });
});
