// The public API of @intro-page/contract: run the checks, then render the report.
export { runContractChecks, contractDefaults } from "./run.js";
export type { ContractOptions } from "./run.js";
export { UsageError } from "./errors.js";
export { checkNames } from "./report/model.js";
export type { CheckName, CheckResult, CheckFailure, ContractReport, StatusCoverage } from "./report/model.js";
export { formatReport } from "./report/table.js";
export { toJunitXml } from "./report/junit.js";
export { defaultSpecPath } from "./spec.js";
