// Requests that reach every operation along its success and failure paths:
// the contract test sends them in every scenario.
import { as } from "./mock-api.js";

/** One request to send. */
export interface MatrixRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

const activityEvent = (eventId: string, userId = "demo") => ({
  type: "activity",
  eventId,
  userId,
  actor: { id: "alice", name: "Alice" },
  verb: "shared",
  object: { type: "document", id: "doc_1", title: "Launch checklist" },
  occurredAt: "2026-11-25T09:50:00.000Z",
});

/** The matrix; `itemIds` are two of demo's open items (the first is completed, the second dismissed). */
export function requestMatrix(itemIds: [string, string]): MatrixRequest[] {
  const [first, second] = itemIds;
  const page = "/api/v1/intro-page";
  const reads = ["", "/statistics", "/actions", "/activity", "/personalization"];
  return [
    ...reads.flatMap((suffix): MatrixRequest[] => [
      { method: "GET", path: `${page}/demo${suffix}`, headers: as.demo },
      { method: "GET", path: `${page}/new-user${suffix}`, headers: as.newUser },
      { method: "GET", path: `${page}/alice${suffix}`, headers: as.admin },
      { method: "GET", path: `${page}/alice${suffix}`, headers: as.demo },
      { method: "GET", path: `${page}/ghost${suffix}`, headers: as.admin },
      { method: "GET", path: `${page}/demo${suffix}`, headers: as.nobody },
      { method: "GET", path: `${page}/demo${suffix}`, headers: as.expired },
      { method: "GET", path: `${page}/bad%20id${suffix}`, headers: as.admin },
    ]),
    { method: "GET", path: `${page}/demo/stream`, headers: as.demo },
    { method: "GET", path: `${page}/demo/stream`, headers: { ...as.demo, "last-event-id": "an-old-version" } },
    { method: "GET", path: `${page}/demo/stream`, headers: { ...as.demo, "last-event-id": "x".repeat(200) } },
    { method: "GET", path: `${page}/alice/stream`, headers: as.demo },
    { method: "GET", path: `${page}/ghost/stream`, headers: as.admin },
    { method: "GET", path: `${page}/demo/stream`, headers: as.nobody },
    { method: "GET", path: `${page}/demo?sections=actions,statistics`, headers: as.demo },
    { method: "GET", path: `${page}/demo?sections=actions,nope`, headers: as.demo },
    { method: "GET", path: `${page}/demo?fresh=true`, headers: as.demo },
    { method: "GET", path: `${page}/demo?fresh=true`, headers: as.admin },
    { method: "GET", path: `${page}/demo?fresh=maybe`, headers: as.admin },
    { method: "GET", path: `${page}/demo`, headers: { ...as.demo, "if-none-match": "*" } },
    { method: "GET", path: `${page}/demo/activity?limit=5`, headers: as.demo },
    { method: "GET", path: `${page}/demo/activity?limit=500`, headers: as.demo },
    { method: "GET", path: `${page}/demo/activity?cursor=not-a-cursor`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${first}/complete`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${first}/complete`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${first}/dismiss`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${second}/dismiss`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${second}/complete`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/act_missing/complete`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${first}/complete`, headers: as.alice },
    { method: "POST", path: `${page}/demo/actions/bad%20id/dismiss`, headers: as.demo },
    { method: "POST", path: `${page}/demo/actions/${first}/dismiss`, headers: as.nobody },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { layout: { order: ["actions", "statistics"], hidden: ["system"] } }, contentType: "application/merge-patch+json" },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { locale: "de-DE", timezone: "Europe/Berlin" } },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { locale: null, layout: { order: null } } },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { layout: { order: ["actions", "actions"] } } },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { timezone: "Mars/Olympus_Mons" } },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { colour: "blue" } },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: "{not json" },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: "locale=de", contentType: "text/plain" },
    { method: "PATCH", path: `${page}/demo/preferences`, headers: as.demo, body: { locale: "x".repeat(1024 * 1024 + 1) } },
    { method: "PATCH", path: `${page}/alice/preferences`, headers: as.demo, body: { locale: "de-DE" } },
    { method: "PATCH", path: `${page}/ghost/preferences`, headers: as.ghost, body: { locale: "de-DE" } },
    { method: "GET", path: "/api/v1/system/overview", headers: as.demo },
    { method: "GET", path: "/api/v1/system/overview", headers: as.service },
    { method: "GET", path: "/api/v1/system/overview", headers: as.nobody },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: { events: [activityEvent("e-1"), { type: "action", eventId: "e-2", userId: "demo", item: { id: "act_new01", kind: "review", title: "Review launch checklist", priority: "high" } }] } },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: { events: [activityEvent("e-1")] } },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: { events: [activityEvent("e-3", "ghost")] } },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: { events: [] } },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: { events: [{ type: "activity", eventId: "e-4" }] } },
    { method: "POST", path: "/api/v1/events", headers: as.service, body: "events", contentType: "text/plain" },
    { method: "POST", path: "/api/v1/events", headers: as.demo, body: { events: [activityEvent("e-5")] } },
    { method: "POST", path: "/api/v1/events", headers: as.nobody, body: { events: [activityEvent("e-6")] } },
    { method: "GET", path: "/api/v1/flags", headers: as.admin },
    { method: "GET", path: "/api/v1/flags", headers: as.demo },
    { method: "GET", path: "/api/v1/flags/section.system", headers: as.admin },
    { method: "GET", path: "/api/v1/flags/section.nope", headers: as.admin },
    { method: "GET", path: "/api/v1/flags/Not_A_Key", headers: as.admin },
    { method: "PATCH", path: "/api/v1/flags/section.system", headers: { ...as.admin, "if-match": '"1"' }, body: { enabled: false }, contentType: "application/merge-patch+json" },
    { method: "PATCH", path: "/api/v1/flags/section.system", headers: { ...as.admin, "if-match": '"1"' }, body: { enabled: true }, contentType: "application/merge-patch+json" },
    { method: "PATCH", path: "/api/v1/flags/section.system", headers: as.admin, body: { enabled: true }, contentType: "application/merge-patch+json" },
    { method: "PATCH", path: "/api/v1/flags/actions.ordering", headers: { ...as.admin, "if-match": '"1"' }, body: { defaultValue: "random" }, contentType: "application/merge-patch+json" },
    { method: "PATCH", path: "/api/v1/flags/actions.ordering", headers: { ...as.admin, "if-match": '"1"' }, body: { rules: [{ percentage: 101, value: "due-first" }] } },
    { method: "PATCH", path: "/api/v1/flags/section.system", headers: { ...as.demo, "if-match": '"1"' }, body: { enabled: true } },
    { method: "GET", path: "/api/v1/flags/section.system/audit?limit=5", headers: as.admin },
    { method: "GET", path: "/api/v1/flags/section.system/audit?limit=0", headers: as.admin },
    { method: "GET", path: "/api/v1/health/live" },
    { method: "GET", path: "/api/v1/health/ready" },
    { method: "GET", path: "/api/v1/health" },
    ...["/api/v1/metrics", "/metrics", "/api/v1/cache"].flatMap((path): MatrixRequest[] => [
      { method: "GET", path, headers: as.admin },
      { method: "GET", path, headers: as.demo },
      { method: "GET", path, headers: as.nobody },
    ]),
    { method: "POST", path: "/api/v1/cache/invalidate", headers: as.admin, body: { userId: "demo" } },
    { method: "POST", path: "/api/v1/cache/invalidate", headers: as.service, body: { all: true } },
    { method: "POST", path: "/api/v1/cache/invalidate", headers: as.admin, body: {} },
    { method: "POST", path: "/api/v1/cache/invalidate", headers: as.demo, body: { all: true } },
    { method: "POST", path: "/api/v1/cache/invalidate", headers: as.admin, body: "all", contentType: "text/plain" },
    { method: "POST", path: "/api/v1/cache/warm", headers: as.admin, body: { userIds: ["demo", "ghost"], sections: ["actions"] } },
    { method: "POST", path: "/api/v1/cache/warm", headers: as.admin, body: { userIds: [] } },
    { method: "POST", path: "/api/v1/cache/warm", headers: as.service, body: { userIds: ["demo"] } },
    { method: "POST", path: "/api/v1/cache/warm", headers: as.nobody, body: { userIds: ["demo"] } },
    { method: "GET", path: "/openapi.json" },
    { method: "GET", path: "/openapi.yaml" },
  ];
}
