/**
 * An intro page whose every string is as long as openapi.yaml allows: the
 * limits are read from the contract the test server serves (the repository
 * root), so a changed `maxLength` changes this page too. Strings are one
 * unbreakable word (the hardest case for wrapping), numbers are large.
 */
import { parse } from "yaml";
import type { IntroPage } from "../../src/page-model.js";

interface Schema {
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  $ref?: string;
}

/** The contract's `components.schemas`, from the served openapi.yaml. */
export async function contractSchemas(): Promise<Record<string, Schema>> {
  const response = await fetch("/openapi.yaml");
  const spec = parse(await response.text()) as { components: { schemas: Record<string, Schema> } };
  return spec.components.schemas;
}

/** A page filled to the contract's limits, dated relative to `now`. */
export async function maxLengthPage(now = Date.now(), userId = "demo"): Promise<IntroPage> {
  const schemas = await contractSchemas();
  const limit = (schema: string, property: string): number => {
    const found = schemas[schema]?.properties?.[property]?.maxLength;
    if (!found) throw new Error(`openapi.yaml has no maxLength for ${schema}.${property}`);
    return found;
  };
  // Verbs are limited by a pattern, ^[a-z][a-z_]{0,31}$: 32 characters.
  const verbLength = Number(/\{0,(\d+)\}/.exec(schemas.ActivityItem?.properties?.verb?.pattern ?? "")?.[1] ?? 31) + 1;
  const word = (length: number, letter = "W") => letter.repeat(length);
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const asOf = at(-60_000);
  return {
    userId,
    generatedAt: at(-1000),
    meta: { coordinationMs: 12, cache: "miss", degraded: false },
    sections: {
      personalization: {
        status: "ok",
        asOf,
        data: {
          displayName: word(limit("Personalization", "displayName"), "N"),
          welcomeMessage: word(limit("Personalization", "welcomeMessage"), "M"),
          locale: "en-US",
          timezone: "UTC",
          quickActions: Array.from({ length: 3 }, (_, index) => ({
            id: `quick-${index}`,
            label: word(limit("QuickAction", "label"), "Q"),
            href: `https://example.com/${word(200, "h")}`,
          })),
          insights: (["info", "success", "warning"] as const).map((severity, index) => ({
            id: `insight-${index}`,
            message: word(limit("Insight", "message"), "I"),
            severity,
          })),
          layout: { order: ["personalization", "statistics", "actions", "activity", "system"], hidden: [] },
        },
      },
      statistics: {
        status: "ok",
        asOf,
        data: {
          metrics: (["count", "hours", "percent", "minutes", "days", "count"] as const).map((unit, index) => ({
            key: `metric${index}`,
            label: word(limit("Metric", "label"), "L"),
            value: 123_456_789_012.5,
            unit,
            trend: { direction: "up", delta: 98_765_432.1, period: "month" },
          })),
          productivityScore: 100,
          streakDays: 123_456,
          lastActiveAt: at(-30_000),
        },
      },
      actions: {
        status: "ok",
        asOf,
        data: {
          items: (["urgent", "high", "normal", "low"] as const).map((priority, index) => ({
            id: `item-${index}`,
            kind: "approval",
            title: word(limit("ActionItem", "title"), "T"),
            priority,
            dueAt: at(index % 2 ? 86_400_000 : -86_400_000),
            createdAt: at(-864_000_000),
            ...(index % 2 ? { href: `https://example.com/${word(300, "h")}` } : {}),
          })),
          total: 123_456,
          urgent: 12_345,
          overdue: 1_234,
        },
      },
      activity: {
        status: "ok",
        asOf,
        data: {
          items: Array.from({ length: 4 }, (_, index) => ({
            id: `activity-${index}`,
            actor: { id: `actor-${index}`, name: word(limit("Actor", "name"), "A") },
            verb: word(verbLength, "v"),
            object: {
              type: "document",
              id: `object-${index}`,
              title: word(limit("ActivityObject", "title"), "O"),
              ...(index % 2 ? { href: `https://example.com/${word(300, "h")}` } : {}),
            },
            occurredAt: at(-index * 3_600_000),
          })),
          nextCursor: "next",
        },
      },
      system: {
        status: "ok",
        asOf,
        data: {
          status: "degraded",
          activeUsers: 123_456_789,
          announcements: (["info", "warning", "critical"] as const).map((severity, index) => ({
            id: `announcement-${index}`,
            title: word(limit("Announcement", "title"), "H"),
            body: word(limit("Announcement", "body"), "B"),
            severity,
            publishedAt: at(-7_200_000),
            href: `https://example.com/${word(300, "h")}`,
          })),
        },
      },
    },
  };
}
