// Reads openapi.yaml (the real file, not the copy the mock embeds) and checks
// responses against it: documented status, content type, body schema and
// documented headers.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";

/** The contract as a plain object. */
export const spec = parse(readFileSync(resolve(import.meta.dirname, "../../../../openapi.yaml"), "utf8"));

/** One operation of the spec. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  op: any;
}

const methods = ["get", "put", "post", "patch", "delete"];

/** Every operation in openapi.yaml. */
export const specOperations: SpecOperation[] = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
  methods.filter((method) => item[method]).map((method) => ({ operationId: item[method].operationId, method, path, op: item[method] })),
);

/** Follows local `$ref`s like `#/components/responses/NotFound`. */
export function deref(node: any): any {
  if (!node?.$ref) return node;
  return deref(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at[key.replace(/~1/g, "/")], spec));
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormatsPlugin.default(ajv);
ajv.addSchema({ ...spec, $id: "spec" });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(schema: any) {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema.$ref ? { $ref: `spec${schema.$ref}` } : schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** Finds the operation a request went to by method and path. */
export function operationFor(method: string, url: string): SpecOperation {
  const path = new URL(url).pathname;
  const found = specOperations.find(
    (candidate) => candidate.method === method.toLowerCase() && new RegExp(`^${candidate.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(path),
  );
  if (!found) throw new Error(`No operation in openapi.yaml for ${method} ${path}`);
  return found;
}

/** Everything wrong with one response, as readable strings; empty when it honours the contract. */
export async function contractViolations(method: string, url: string, response: Response): Promise<string[]> {
  const { op, operationId } = operationFor(method, url);
  const where = `${operationId} ${response.status}`;
  const documented = op.responses[String(response.status)];
  if (!documented) return [`${where}: status ${response.status} is not documented`];
  const definition = deref(documented);
  const problems: string[] = [];
  const headers = { "X-Request-Id": {}, ...(definition.headers ?? {}) };
  for (const [name, header] of Object.entries<any>(headers)) {
    const value = response.headers.get(name);
    if (value === null) {
      problems.push(`${where}: header ${name} is missing`);
      continue;
    }
    const schema = deref(header).schema;
    if (schema) {
      const typed = schema.type === "integer" ? Number(value) : value;
      const validate = validatorFor(schema);
      if (!validate(typed)) problems.push(`${where}: header ${name}=${value} ${ajv.errorsText(validate.errors)}`);
    }
  }
  const text = await response.text();
  if (!definition.content) {
    if (text.length > 0) problems.push(`${where}: expected no body, got ${text.slice(0, 80)}`);
    return problems;
  }
  const contentType = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
  const media = definition.content[contentType];
  if (!media) return [...problems, `${where}: content-type ${contentType} is not one of ${Object.keys(definition.content).join(", ")}`];
  const body = contentType.endsWith("json") ? JSON.parse(text) : text;
  const validate = validatorFor(media.schema);
  if (!validate(body)) problems.push(`${where}: body ${ajv.errorsText(validate.errors)}`);
  return problems;
}
