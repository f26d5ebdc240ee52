// `@intro-page/server/migrations`: what `npm run migrate` does, for programmatic
// use (docs/migrations.md). Kept out of the main entry so the server's public
// API stays what serving needs.
export { createMigrator, validateMigrationFolder } from "./data-access/migrations/migration-runner.js";
export type { Migrator, MigratorOptions, MigrationStatus, MigrationState, VerifyReport } from "./data-access/migrations/migration-runner.js";
export { MigrationError } from "./data-access/migrations/migration-error.js";
export { backupDatabase, restoreDatabase } from "./data-access/migrations/backup.js";
export type { BackupTarget, BackupResult } from "./data-access/migrations/backup.js";
export type { BackfillOptions, BackfillProgress } from "./data-access/migrations/backfill.js";
export type { PlannedStep, PlannedStatement } from "./data-access/migrations/plan.js";
export type { ValidationReport } from "./data-access/migrations/validate.js";
export type { Finding } from "./data-access/migrations/lint-rules.js";
export type { VerifyProblem } from "./data-access/migrations/verify.js";
