// The human report: a table of operation × check, the first failure of each
// failing check with a curl reproducer, coverage and one summary line.
import Table from "cli-table3";
import { checkNames } from "./model.js";
import type { CheckResult, ContractReport } from "./model.js";

const marks = { passed: "ok", failed: "FAIL", skipped: "skip" } as const;

/** Renders the report as plain text (no colours, so CI logs stay readable). */
export function formatReport(report: ContractReport): string {
  const used = checkNames.filter((check) => report.results.some((result) => result.check === check));
  const operations = [...new Set(report.results.map((result) => result.operationId))];
  const table = new Table({ head: ["operation", ...used], style: { head: [], border: [] } });
  for (const operationId of operations) {
    table.push([operationId, ...used.map((check) => cell(report.results.find((r) => r.operationId === operationId && r.check === check)))]);
  }
  const lines = [table.toString()];

  const failed = report.results.filter((result) => result.status === "failed");
  if (failed.length > 0) {
    lines.push("", "Failures (first failing case of each check):");
    for (const result of failed) {
      lines.push(`  ${result.operationId} › ${result.check}: ${result.failure?.detail}${result.failed > 1 ? ` (+${result.failed - 1} more)` : ""}`);
      if (result.failure?.curl) lines.push(`    ${result.failure.curl}`);
    }
  }
  const skipped = report.results.filter((result) => result.status === "skipped");
  if (skipped.length > 0) {
    lines.push("", "Skipped:");
    const byReason = Map.groupBy(skipped, (result) => result.reason ?? "");
    for (const [reason, results] of byReason) lines.push(`  ${reason}: ${results.map((r) => `${r.operationId} › ${r.check}`).join(", ")}`);
  }

  const unseen = Map.groupBy(report.coverage.pairs.filter((pair) => !pair.seen), (pair) => pair.operationId);
  const percent = report.coverage.documented ? Math.round((100 * report.coverage.seen) / report.coverage.documented) : 100;
  lines.push("", `Coverage: ${report.coverage.seen}/${report.coverage.documented} documented (operation, status) pairs seen (${percent}%).`);
  if (unseen.size > 0) {
    lines.push(`  not seen: ${[...unseen].map(([operationId, pairs]) => `${operationId} ${pairs.map((p) => p.status).join(" ")}`).join("; ")}`);
  }
  const count = (status: CheckResult["status"]) => report.results.filter((result) => result.status === status).length;
  lines.push(
    "",
    `${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`,
    `${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s against ${report.baseUrl} (seed ${report.seed}).`,
  );
  return lines.join("\n");
}

function cell(result: CheckResult | undefined): string {
  if (!result) return "";
  return marks[result.status];
}
