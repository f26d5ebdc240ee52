// Reads an OpenAPI 3.1 document at run time and answers what the checks ask of
// it: the operations, their parameters, bodies, documented responses and links.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { UsageError } from "./errors.js";

/** A JSON Schema (OpenAPI 3.1 dialect) as found in the document. */
export type Schema = Record<string, any>;

/** One parameter of an operation, with `$ref`s followed. */
export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
  style?: string;
  explode?: boolean;
  example?: unknown;
}

/** One documented response of an operation. */
export interface DocumentedResponse {
  status: string;
  headers: Record<string, { schema?: Schema }>;
  /** Media type → schema (absent when the response has no body, e.g. 304). */
  content: Record<string, { schema?: Schema; example?: unknown }>;
  links: Record<string, Link>;
}

/** An OpenAPI link: how a response leads to the next call. */
export interface Link {
  operationId: string;
  parameters: Record<string, unknown>;
  requestBody?: unknown;
  description?: string;
}

/** One operation of the contract. */
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** True when the operation needs a bearer token. */
  secured: boolean;
  parameters: Parameter[];
  /** Media type → schema and first example of the request body. */
  requestBody?: { required: boolean; content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, DocumentedResponse>;
}

/** A loaded contract. */
export interface Contract {
  /** Where the document was read from. */
  source: string;
  document: Record<string, any>;
  operations: Operation[];
}

const httpMethods = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];

/**
 * The openapi.yaml this package checks against by default: the repository's
 * when run from a checkout, else the copy packaged next to the build.
 */
export function defaultSpecPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, "../../../openapi.yaml"), resolve(here, "openapi.yaml")];
  return candidates.find((file) => existsSync(file)) ?? candidates[0]!;
}

/** Reads and indexes an OpenAPI 3.1 document (YAML or JSON); a missing or broken file is a usage error. */
export function loadContract(file = defaultSpecPath()): Contract {
  let document: Record<string, any>;
  try {
    document = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the spec ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!document || typeof document !== "object" || typeof document.openapi !== "string" || !document.paths) {
    throw new UsageError(`${file} is not an OpenAPI document (no "openapi" version or "paths").`);
  }
  if (!document.openapi.startsWith("3.1")) throw new UsageError(`${file} is OpenAPI ${document.openapi}; this tool reads OpenAPI 3.1.`);
  return { source: file, document, operations: indexOperations(document) };
}

/** Follows a local `$ref` (`#/components/...`) until it reaches a plain object. */
export function deref<T = any>(document: Record<string, any>, node: any): T {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string" && current.$ref.startsWith("#/"); hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${node.$ref}`);
    current = pointer(document, current.$ref.slice(1));
  }
  return current as T;
}

/** Reads a JSON pointer (`/a/b~1c/0`) out of a value; undefined when any step is missing. */
export function pointer(value: unknown, path: string): any {
  if (path === "" || path === "/") return path === "" ? value : (value as any)?.[""];
  return path
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<any>((at, key) => (at === undefined || at === null ? undefined : at[key]), value);
}

function indexOperations(document: Record<string, any>): Operation[] {
  const globalSecurity = document.security ?? [];
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    httpMethods
      .filter((method) => item[method])
      .map((method) => {
        const op = item[method];
        const security = op.security ?? globalSecurity;
        const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((raw) => {
          const p = deref(document, raw);
          return { name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema ?? {}, style: p.style, explode: p.explode, example: p.example };
        });
        const body = op.requestBody ? deref(document, op.requestBody) : undefined;
        return {
          operationId: op.operationId ?? `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          secured: security.length > 0 && !security.some((requirement: object) => Object.keys(requirement).length === 0),
          parameters,
          requestBody: body
            ? {
                required: Boolean(body.required),
                content: Object.fromEntries(
                  Object.entries<any>(body.content ?? {}).map(([type, media]) => [type, { schema: media.schema ?? {}, example: firstExample(document, media) }]),
                ),
              }
            : undefined,
          responses: Object.fromEntries(
            Object.entries<any>(op.responses ?? {}).map(([status, raw]) => {
              const response = deref(document, raw);
              return [
                status,
                {
                  status,
                  headers: Object.fromEntries(Object.entries<any>(response.headers ?? {}).map(([name, header]) => [name, deref(document, header)])),
                  content: Object.fromEntries(
                    Object.entries<any>(response.content ?? {}).map(([type, media]) => [type, { schema: media.schema, example: firstExample(document, media) }]),
                  ),
                  links: Object.fromEntries(Object.entries<any>(response.links ?? {}).map(([name, link]) => [name, deref(document, link)])),
                },
              ];
            }),
          ),
        } satisfies Operation;
      }),
  );
}

function firstExample(document: Record<string, any>, media: any): unknown {
  if (media.example !== undefined) return media.example;
  const first = Object.values<any>(media.examples ?? {})[0];
  return first === undefined ? undefined : deref(document, first).value;
}

/** Turns a path template and parameter values into a path (values percent-encoded). */
export function expandPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `{${name}}`));
}

/** The methods the contract documents for a path template. */
export function documentedMethods(contract: Contract, path: string): string[] {
  return contract.operations.filter((op) => op.path === path).map((op) => op.method);
}
