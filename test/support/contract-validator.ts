// The one contract checker of the test suites: the server's and the mock's
// tests (and anything else) validate responses against openapi.yaml — the
// real file at the repository root — with ajv, through this module.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

type Json = Record<string, any>;

/** Path of the contract, `openapi.yaml` at the repository root. */
export const specFile = fileURLToPath(new URL("../../openapi.yaml", import.meta.url));

/** The contract as a plain object. */
export const spec: Json = parse(readFileSync(specFile, "utf8"));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, "openapi.json");

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");
const unescape = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

/** Follows `$ref`s from a `#/…` pointer inside the spec, returning the pointer reached and the object there. */
function resolvePointer(pointer: string): { pointer: string; value: Json } {
  let current = pointer;
  for (;;) {
    const value = current
      .slice(2)
      .split("/")
      .map(unescape)
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], spec) as Json | undefined;
    if (!value) throw new Error(`The contract has nothing at ${current}`);
    if (typeof value.$ref !== "string") return { pointer: current, value };
    current = value.$ref;
  }
}

/** Follows a local `$ref` (like `#/components/responses/NotFound`) to what it names; other nodes come back as they are. */
export function deref(node: any): any {
  return typeof node?.$ref === "string" ? resolvePointer(node.$ref).value : node;
}

const validators = new Map<string, ValidateFunction>();
/** Validates `value` against the schema at `pointer` in the spec; undefined when valid, else ajv's errors as text. */
function schemaErrors(schemaPointer: string, value: unknown): string | undefined {
  // Compile each schema once, under the pointer its `$ref`s lead to: operations share their schemas.
  const { pointer } = resolvePointer(schemaPointer);
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json${pointer}` });
    validators.set(pointer, validate);
  }
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

/** One operation of the spec. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/api/v1/intro-page/{userId}`. */
  path: string;
  op: any;
}

const methods = ["get", "put", "post", "patch", "delete"];

/** Every operation in openapi.yaml, in spec order. */
export const specOperations: SpecOperation[] = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
  methods.filter((method) => item[method]).map((method) => ({ operationId: item[method].operationId, method, path, op: item[method] })),
);

/** The operation a request goes to, by method and a concrete path or URL. */
export function operationFor(method: string, pathOrUrl: string): SpecOperation {
  const path = new URL(pathOrUrl, "http://any.test").pathname;
  const found = specOperations.find(
    (candidate) => candidate.method === method.toLowerCase() && new RegExp(`^${candidate.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(path),
  );
  if (!found) throw new Error(`No operation in openapi.yaml for ${method} ${path}`);
  return found;
}

/** The parts of a response the contract speaks about; `body` is parsed JSON, or text, or undefined when empty. */
export interface ResponseLike {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Options of {@link contractViolations}. */
export interface ContractCheckOptions {
  /** Also require `X-Request-Id` and every header the response documents, each matching its schema. */
  headers?: boolean;
}

/**
 * Everything wrong with one response to `method pathTemplate` (a template such
 * as `/api/v1/health`), as readable strings; empty when it honours the
 * contract: the status is documented, the media type is a documented one, the
 * body validates against its schema (and, when asked, the headers are there).
 */
export function contractViolations(method: string, pathTemplate: string, response: ResponseLike, options: ContractCheckOptions = {}): string[] {
  const where = `${method.toUpperCase()} ${pathTemplate} ${response.status}`;
  const operation = `#/paths/${escape(pathTemplate)}/${method.toLowerCase()}`;
  if (!deref(resolvePointer(operation).value.responses)?.[String(response.status)]) return [`${where}: status ${response.status} is not documented`];
  const { pointer, value: definition } = resolvePointer(`${operation}/responses/${response.status}`);
  const problems: string[] = [];
  if (options.headers) {
    for (const name of ["X-Request-Id", ...Object.keys(definition.headers ?? {})]) {
      const value = response.headers.get(name);
      if (value === null) {
        problems.push(`${where}: header ${name} is missing`);
        continue;
      }
      if (name === "X-Request-Id" && !definition.headers?.[name]) continue;
      const header = resolvePointer(`${pointer}/headers/${escape(name)}`);
      if (!header.value.schema) continue;
      const typed = deref(header.value.schema).type === "integer" ? Number(value) : value;
      const errors = schemaErrors(`${header.pointer}/schema`, typed);
      if (errors) problems.push(`${where}: header ${name}=${value} ${errors}`);
    }
  }
  const content = definition.content as Json | undefined;
  if (!content) {
    if (response.body !== undefined && response.body !== "") problems.push(`${where}: expected no body, got ${String(JSON.stringify(response.body)).slice(0, 80)}`);
    return problems;
  }
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (!(mediaType in content)) return [...problems, `${where}: content type ${mediaType} is not documented (${Object.keys(content).join(", ")})`];
  const errors = schemaErrors(`${pointer}/content/${escape(mediaType)}/schema`, response.body);
  if (errors) problems.push(`${where}: body breaks the contract: ${errors}\n${JSON.stringify(response.body).slice(0, 500)}`);
  return problems;
}

/** Throws with every violation when the response breaks the contract for `method pathTemplate` (see {@link contractViolations}). */
export function assertMatchesContract(method: string, pathTemplate: string, response: ResponseLike, options: ContractCheckOptions = {}): void {
  const problems = contractViolations(method, pathTemplate, response, options);
  if (problems.length > 0) throw new Error(problems.join("\n"));
}
