import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { packagePaths } from "../config/package-paths.js";

/** The contract as loaded at start: parsed for Swagger UI and /openapi.json, raw for /openapi.yaml. */
export interface ContractDocument {
  spec: Record<string, unknown>;
  yaml: string;
}

/** Reads openapi.yaml once: the raw text for /openapi.yaml and the parsed document for everything else. */
export function loadContract(path = packagePaths().spec): ContractDocument {
  const yaml = readFileSync(path, "utf8");
  return { yaml, spec: parse(yaml) as Record<string, unknown> };
}
