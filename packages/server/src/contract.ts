import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { ContractDocument } from "./http/routes/contract.js";
import { specPath } from "./paths.js";

/** Reads openapi.yaml once: the raw text for /openapi.yaml and the parsed document for everything else. */
export function loadContract(path = specPath()): ContractDocument {
  const yaml = readFileSync(path, "utf8");
  return { yaml, spec: parse(yaml) as Record<string, unknown> };
}
