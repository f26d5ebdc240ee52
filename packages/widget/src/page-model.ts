/**
 * Names for the parts of an intro page the widget renders. Schema types come
 * from the SDK (generated from openapi.yaml); the few the SDK does not name are
 * derived from them here, so the widget keeps no hand-written twin of a schema.
 */
import type { IntroPage, SectionName, Statistics } from "@intro-page/sdk";

export type {
  ActionItem,
  ActionOutcome,
  Actions,
  Activity,
  ActivityItem,
  IntroPage,
  Personalization,
  SectionName,
  Statistics,
  SystemOverview,
} from "@intro-page/sdk";

/** One section's envelope: `{ status, asOf, data, error? }`. */
export type SectionEnvelope<Name extends SectionName> = NonNullable<IntroPage["sections"][Name]>;

/** One generic metric of the statistics section. */
export type Metric = Statistics["metrics"][number];

/** What the user can do to an actionable item. */
export type ItemAction = "complete" | "dismiss";
