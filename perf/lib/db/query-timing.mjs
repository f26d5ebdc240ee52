// Times each section query at the dataset's scale and keeps its plan, so the
// report shows p50/p95 next to the index the planner chose.
import { summarize } from "../stats.mjs";
import { sectionQueries } from "./section-queries.mjs";

/**
 * Runs every section query `runs` times for users spread over the dataset
 * (after one warm-up pass), then EXPLAIN (ANALYZE, BUFFERS) once.
 * @returns {Promise<Array<{ section: string, name: string, mirrors: string, p50Ms: number, p95Ms: number, maxMs: number, runs: number, plan: string, usesIndex: boolean }>>}
 */
export async function timeSectionQueries(db, { userIds, runs = 200 }) {
  const now = new Date();
  const results = [];
  for (const query of sectionQueries) {
    const pick = (i) => userIds[(i * 7919) % userIds.length];
    for (let i = 0; i < Math.min(20, runs); i++) await db.query(query.sql, query.params(pick(i), now));
    const times = [];
    for (let i = 0; i < runs; i++) {
      const params = query.params(pick(i + 1000), now);
      const started = performance.now();
      await db.query(query.sql, params);
      times.push(performance.now() - started);
    }
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params(pick(1), now));
    const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
    const stats = summarize(times);
    results.push({
      section: query.section,
      name: query.name,
      mirrors: query.mirrors,
      runs,
      p50Ms: stats.p50,
      p95Ms: stats.p95,
      maxMs: stats.max,
      // The server-side time of one execution: next to p95, it tells the database's cost from the wire's and the machine's.
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
      plan,
      usesIndex: /Index (Only )?Scan|Bitmap Index Scan/.test(plan),
    });
  }
  return results;
}
