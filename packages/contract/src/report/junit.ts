// JUnit XML for CI test tabs: one suite per operation, one test case per check.
import junitReportModule from "junit-report-builder";
import type { Builder } from "junit-report-builder";

// A CommonJS package: under Node's ESM loader its default export arrives wrapped once more.
const junitReportBuilder: Builder = (junitReportModule as unknown as { default?: Builder }).default ?? (junitReportModule as unknown as Builder);
import type { ContractReport } from "./model.js";

/** The report as JUnit XML. */
export function toJunitXml(report: ContractReport): string {
  const builder = junitReportBuilder.newBuilder();
  const operations = [...new Set(report.results.map((result) => result.operationId))];
  for (const operationId of operations) {
    const suite = builder.testSuite().name(operationId);
    for (const result of report.results.filter((r) => r.operationId === operationId)) {
      const testCase = suite.testCase().className(`intro-page-contract.${operationId}`).name(result.check);
      if (result.status === "failed") {
        testCase.failure(result.failure?.detail ?? "failed", "contract");
        if (result.failure?.curl) testCase.standardOutput(`reproduce: ${result.failure.curl}`);
      } else if (result.status === "skipped") {
        testCase.skipped();
        if (result.reason) testCase.standardOutput(`skipped: ${result.reason}`);
      }
    }
  }
  return builder.build();
}
