import { openapiDocument, openapiYaml } from "../generated/openapi-document.js";

/** The contract the server serves and checks requests against: parsed for Swagger UI and /openapi.json, raw for /openapi.yaml. */
export interface ContractDocument {
  spec: Record<string, unknown>;
  yaml: string;
}

/**
 * openapi.yaml as `npm run generate` wrote it into src/generated (parsed at
 * generation time, so no YAML parser is loaded at start; `generate --check`
 * fails when the copy is stale). The document is shared: callers copy before
 * they change it.
 */
export function loadContract(): ContractDocument {
  return { spec: openapiDocument, yaml: openapiYaml };
}
