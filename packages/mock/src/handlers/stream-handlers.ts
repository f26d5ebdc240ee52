// The page stream (server-sent events), fed like the reference server's: every
// write invalidates the cache, and each open stream then names the sections
// whose ETag changed.
import type { OpenApiHttpHandlers } from "openapi-msw";
import { sectionNames } from "../generated/contract.js";
import type { paths } from "../generated/openapi.js";
import { runOperation } from "../http/pipeline.js";
import type { MockRuntime } from "../mock-runtime.js";
import type { SectionName } from "../schema.js";
import { etagSourceOf, readSection } from "../sections/read-section.js";
import type { UserRecord } from "../state/mock-state.js";
import { findUser, readHeaders } from "./request-helpers.js";

/** How often an idle stream sends `: ping`, and how often it re-checks the page for changes no write announced (scenario switches). */
const heartbeatMs = 15_000;
/** The reconnect delay every stream announces. */
const retryMs = 3_000;
/** Page versions remembered for Last-Event-ID, across all users. */
const rememberedVersions = 1_000;

/** One version of a user's page: its id (the opaque part of the page ETag), the page ETag and each section's ETag. */
interface PageVersion {
  id: string;
  etag: string;
  sections: Record<SectionName, string>;
}

/** The page as the stream sees it now: the ETags the page and section reads would send. */
function versionOf(runtime: MockRuntime, user: UserRecord, nowMs: number): PageVersion {
  const sources = Object.fromEntries(sectionNames.map((name) => [name, etagSourceOf(readSection(runtime, user, name, nowMs))]));
  const sections = Object.fromEntries(sectionNames.map((name) => [name, readHeaders(sources[name]).ETag])) as Record<SectionName, string>;
  const etag = readHeaders({ userId: user.profile.id, sections: sources }).ETag;
  return { id: etag.slice(3, -1), etag, sections };
}

const sseEvent = (name: "sync" | "change", userId: string, version: PageVersion, names: readonly SectionName[]) =>
  `id: ${version.id}\nevent: ${name}\ndata: ${JSON.stringify({ userId, etag: version.etag, sections: Object.fromEntries(names.map((n) => [n, version.sections[n]])) })}\n\n`;

/** Handler for streamIntroPage. */
export function streamHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  const versions = new Map<string, PageVersion>();
  const remember = (userId: string, version: PageVersion) => {
    versions.set(`${userId}:${version.id}`, version);
    if (versions.size > rememberedVersions) versions.delete(versions.keys().next().value!);
  };

  return [
    http.get("/api/v1/intro-page/{userId}/stream", ({ request, params, response }) =>
      runOperation(runtime, "streamIntroPage", request, (call) => {
        const user = findUser(runtime, call, params.userId, "read");
        if (user instanceof Response) return response.untyped(user);
        const userId = params.userId;
        const encoder = new TextEncoder();
        let current = versionOf(runtime, user, call.nowMs);
        remember(userId, current);
        const lastEventId = request.headers.get("last-event-id");
        const previous = lastEventId ? versions.get(`${userId}:${lastEventId}`) : undefined;
        let first = "";
        if (!lastEventId) first = sseEvent("sync", userId, current, sectionNames);
        else if (lastEventId !== current.id) first = sseEvent("change", userId, current, sectionNames.filter((name) => previous?.sections[name] !== current.sections[name]));

        let stop = () => {};
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            const send = (text: string) => controller.enqueue(encoder.encode(text));
            const check = () => {
              const next = versionOf(runtime, runtime.state.users.get(userId) ?? user, runtime.now());
              const changed = sectionNames.filter((name) => next.sections[name] !== current.sections[name]);
              if (changed.length === 0) return;
              current = next;
              remember(userId, next);
              send(sseEvent("change", userId, next, changed));
            };
            const heartbeat = setInterval(() => {
              check();
              send(": ping\n\n");
            }, heartbeatMs);
            (heartbeat as { unref?: () => void }).unref?.();
            runtime.changes.addEventListener("change", check);
            stop = () => {
              clearInterval(heartbeat);
              runtime.changes.removeEventListener("change", check);
            };
            send(`retry: ${retryMs}\n\n${first}`);
          },
          cancel: () => stop(),
        });
        return response.untyped(new Response(body, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache" } }));
      }),
    ),
  ];
}
