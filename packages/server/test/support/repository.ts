import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { specFile } from "../../../../test/support/contract-validator.js";

/** The monorepo's root folder (the server's tests always run inside it). */
export const repositoryRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The contract the tests check against: `openapi.yaml` at the repository root. */
export const specPath = (): string => specFile;
