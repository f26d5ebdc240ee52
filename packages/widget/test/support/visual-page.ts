/** A small, fixed intro page for screenshots: every date is relative to {@link visualNow}. */
import type { IntroPage } from "../../src/page-model.js";

/** The frozen clock of the visual tests. */
export const visualNow = Date.parse("2026-03-04T12:00:00Z");

const at = (offsetMs: number) => new Date(visualNow + offsetMs).toISOString();
const hour = 3_600_000;

/** The page in one of the states a screenshot shows. */
export function visualPage(state: "loaded" | "empty" | "stale" | "unavailable"): IntroPage {
  const empty = state === "empty";
  const asOf = at(-60_000);
  return {
    userId: "demo",
    generatedAt: at(-1000),
    meta: { coordinationMs: 8, cache: "hit", degraded: state === "stale" || state === "unavailable" },
    sections: {
      personalization: {
        status: "ok",
        asOf,
        data: {
          displayName: "Dana",
          welcomeMessage: "Here is what needs you today.",
          locale: "en-US",
          timezone: "UTC",
          quickActions: empty ? [] : [{ id: "new", label: "New task", href: "https://example.com/new" }],
          insights: empty ? [] : [{ id: "i1", message: "You closed 4 more reviews than last week.", severity: "success" }],
          layout: { order: ["personalization", "actions", "system"], hidden: [] },
        },
      },
      actions:
        state === "unavailable"
          ? { status: "unavailable", asOf, data: null, error: { code: "timeout", message: "The actions service timed out." } }
          : {
              status: state === "stale" ? "stale" : "ok",
              asOf: state === "stale" ? at(-2 * hour) : asOf,
              data: {
                items: empty
                  ? []
                  : [
                      { id: "a1", kind: "approval", title: "Approve the Q2 budget", priority: "urgent", dueAt: at(-hour), createdAt: at(-48 * hour) },
                      { id: "a2", kind: "review", title: "Review the onboarding copy", priority: "normal", dueAt: at(26 * hour), createdAt: at(-24 * hour) },
                    ],
                total: empty ? 0 : 2,
                urgent: empty ? 0 : 1,
                overdue: empty ? 0 : 1,
              },
            },
      system: {
        status: "ok",
        asOf,
        data: {
          status: empty ? "operational" : "degraded",
          activeUsers: 1204,
          announcements: empty
            ? []
            : [{ id: "n1", title: "Maintenance on Sunday", body: "Sign-in may be slow from 02:00 to 03:00 UTC.", severity: "warning", publishedAt: at(-5 * hour) }],
        },
      },
    },
  };
}
