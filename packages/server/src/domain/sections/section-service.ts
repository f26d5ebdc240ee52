import type { ActivityCursor } from "../../vocabulary/activity-cursor.js";
import type { SectionName } from "../../vocabulary/section-names.js";
import type { PageReads } from "./page-reads.js";

/** Extra input a section can take; only activity uses it (pagination). Absent means the cacheable default view. */
export interface SectionQuery {
  cursor?: ActivityCursor;
  limit?: number;
}

/**
 * One section of the page: pure logic over its repositories. `load` may
 * throw or be slow; the coordinator bounds it with a timeout and a circuit
 * breaker and falls back to the last good copy.
 */
export interface SectionService<TData = unknown> {
  readonly name: SectionName;
  /**
   * Computes the section's `data` for `userId` (ignored by shared sections);
   * `variant` is a flag-chosen rendering from `vocabulary/section-variants.ts`,
   * absent for the default one. `reads` are the page load's shared reads
   * (`page-reads.ts`); a section loaded on its own makes its own.
   */
  load(userId: string, query?: SectionQuery, variant?: string, reads?: PageReads): Promise<TData>;
}

/** The five section services, by name. Tests swap single entries to inject faults. */
export type SectionServices = Record<SectionName, SectionService>;
