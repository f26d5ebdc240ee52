import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { specPath } from "../../../src/config/package-paths.js";

type Json = Record<string, unknown>;

const spec = parse(readFileSync(specPath(), "utf8")) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(spec, "openapi.json");

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Follows `$ref`s to `#/…` inside the spec, returning the pointer reached and the object there. */
function resolve(pointer: string): { pointer: string; value: Json } {
  let current = pointer;
  for (;;) {
    const value = current
      .slice(2)
      .split("/")
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], spec) as Json | undefined;
    if (!value) throw new Error(`The contract has nothing at ${current}`);
    if (typeof value.$ref !== "string") return { pointer: current, value };
    current = value.$ref;
  }
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/** The parts of a response the contract speaks about. */
export interface ResponseLike {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Asserts that a response matches the contract for `method path` (a path
 * template such as `/api/v1/health`): the status is documented, the media
 * type is the documented one, the body validates against its schema.
 * Throws with every schema error otherwise.
 */
export function assertMatchesContract(method: string, pathTemplate: string, response: ResponseLike): void {
  const operation = `#/paths/${escape(pathTemplate)}/${method.toLowerCase()}`;
  const { pointer, value } = resolve(`${operation}/responses/${response.status}`);
  const content = value.content as Json | undefined;
  if (!content) {
    if (response.body !== undefined && response.body !== "") throw new Error(`${method} ${pathTemplate} ${response.status} must have no body`);
    return;
  }
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (!(mediaType in content)) throw new Error(`${method} ${pathTemplate} ${response.status}: content type ${mediaType} is not documented (${Object.keys(content).join(", ")})`);
  const validate = validatorFor(`openapi.json${pointer}/content/${escape(mediaType)}/schema`);
  if (!validate(response.body)) {
    throw new Error(`${method} ${pathTemplate} ${response.status} breaks the contract: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 500)}`);
  }
}
