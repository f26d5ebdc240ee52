// Renders `src/generated/contract.ts`: the vocabulary every package shares
// (operation table, default section order, problem types), read from
// openapi.yaml so no package keeps its own copy. The contract is checked while
// it is read: a missing `x-roles`, an unknown rate-limit budget or a problem
// example that `x-problem-types` does not list fails `npm run generate`.

const httpMethods = ["get", "put", "post", "patch", "delete"];
const rateLimitBudgets = ["read", "write"];

/** Throws the reason the contract cannot be rendered. */
function fail(message) {
  throw new Error(`openapi.yaml: ${message}`);
}

/** Follows a local `$ref` such as `#/components/schemas/Layout`. */
function deref(spec, node) {
  if (!node?.$ref) return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce((at, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  if (target === undefined) fail(`unresolved $ref ${node.$ref}`);
  return deref(spec, target);
}

/**
 * `{ operationId: { method, path, secured, roles, rateLimit } }` in spec order, each operation's doc paragraphs,
 * and the media type of each request body (the first the operation lists).
 */
function readOperations(spec) {
  const operations = {};
  const docs = {};
  const requestTypes = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId ?? fail(`${where} has no operationId`);
      if (operations[id]) fail(`operationId ${id} is used twice`);
      const roles = operation["x-roles"];
      if (!Array.isArray(roles) || roles.some((role) => typeof role !== "string")) fail(`${where} needs x-roles (a list of role names)`);
      const rateLimit = operation["x-rate-limit"] ?? null;
      if (rateLimit !== null && !rateLimitBudgets.includes(rateLimit)) {
        fail(`${where} has x-rate-limit ${rateLimit}; use one of ${rateLimitBudgets.join(", ")} or leave it out`);
      }
      const secured = (operation.security ?? spec.security ?? []).length > 0;
      if (secured !== roles.length > 0) fail(`${where}: x-roles must be empty exactly when the operation needs no token`);
      operations[id] = { method, path, secured, roles, rateLimit };
      const [requestType] = Object.keys(deref(spec, operation.requestBody)?.content ?? {});
      if (requestType !== undefined) requestTypes[id] = requestType;
      docs[id] = [`\`${method.toUpperCase()} ${path}\`${roles.length > 0 ? ` (${roles.join(", ")})` : ""}: ${operation.summary ?? id}.`, operation.description];
    }
  }
  return { operations, docs, requestTypes };
}

/** The default section order: `Layout.order`'s default, which `IntroPage.sections` and `SectionName` must agree with. */
function readSectionNames(spec) {
  const schemas = spec.components?.schemas ?? {};
  const order = deref(spec, schemas.Layout)?.properties?.order?.default;
  if (!Array.isArray(order)) fail("components.schemas.Layout.properties.order needs a default (the default section order)");
  const pageSections = Object.keys(deref(spec, schemas.IntroPage)?.properties?.sections?.properties ?? {});
  if (pageSections.join() !== order.join()) {
    fail(`IntroPage.sections lists ${pageSections.join(", ")}; list them in Layout.order's default order (${order.join(", ")})`);
  }
  const enumNames = deref(spec, schemas.SectionName)?.enum ?? [];
  if ([...enumNames].sort().join() !== [...order].sort().join()) fail(`SectionName (${enumNames.join(", ")}) and Layout.order's default name different sections`);
  return order;
}

/** Every problem example in the document (an object with a problem `type` URI and a numeric `status`). */
function* problemExamples(node) {
  if (Array.isArray(node)) for (const item of node) yield* problemExamples(item);
  else if (node && typeof node === "object") {
    if (typeof node.type === "string" && /^https?:\/\//.test(node.type) && typeof node.status === "number" && typeof node.title === "string") yield node;
    for (const value of Object.values(node)) yield* problemExamples(value);
  }
}

/** `{ slug: { type, title, status } }` from `x-problem-types`, checked against every documented problem example. */
function readProblemTypes(spec) {
  const list = spec["x-problem-types"];
  if (!Array.isArray(list) || list.length === 0) fail("x-problem-types must list the problem types the API answers with");
  const byType = new Map();
  const problemTypes = {};
  for (const { type, title, status } of list) {
    const slug = String(type).split("/").pop();
    if (!slug || typeof title !== "string" || !Number.isInteger(status)) fail(`x-problem-types entry ${JSON.stringify({ type, title, status })} needs type, title and status`);
    if (problemTypes[slug]) fail(`x-problem-types lists ${slug} twice`);
    problemTypes[slug] = { type, title, status };
    byType.set(type, problemTypes[slug]);
  }
  const { "x-problem-types": _listed, ...documented } = spec;
  for (const example of problemExamples(documented)) {
    const known = byType.get(example.type);
    if (!known) fail(`a problem example uses type ${example.type}, which x-problem-types does not list`);
    if (known.title !== example.title || known.status !== example.status) {
      fail(`a problem example of type ${example.type} has title "${example.title}" and status ${example.status}; x-problem-types says "${known.title}", ${known.status}`);
    }
  }
  return problemTypes;
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const key = (name) => (identifier.test(name) ? name : JSON.stringify(name));
/** One-line TypeScript literal of a JSON value, keys unquoted where they can be. */
function literal(value) {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{ ${Object.entries(value)
      .map(([name, item]) => `${key(name)}: ${literal(item)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(value);
}
/** A JSDoc block of `paragraphs`, indented by `indent`. */
function jsdoc(paragraphs, indent) {
  const lines = paragraphs
    .filter((text) => typeof text === "string" && text.trim() !== "")
    .map((text) => text.trim().replace(/\*\//g, "*\\/"))
    .join("\n\n")
    .split("\n");
  return [`${indent}/**`, ...lines.map((line) => `${indent} *${line === "" ? "" : ` ${line}`}`), `${indent} */`].join("\n");
}
const table = (entries) => `{\n${entries.map(([name, value]) => `  ${key(name)}: ${literal(value)},`).join("\n")}\n}`;

/** The text of `contract.ts` (without the "generated" header) for a parsed openapi.yaml. */
export function renderContract(spec) {
  const { operations, docs, requestTypes } = readOperations(spec);
  const roles = [...new Set(Object.values(operations).flatMap((operation) => operation.roles))];
  const sectionNames = readSectionNames(spec);
  const problemTypes = readProblemTypes(spec);
  const union = (values) => (values.length === 0 ? "never" : values.map((value) => JSON.stringify(value)).join(" | "));
  return `/** Role names from the contract's security model (the JWT \`roles\` claim). */
export type Role = ${union(roles)};

/** A rate-limit budget an operation counts against (\`x-rate-limit\`). */
export type RateLimitBudget = ${union(rateLimitBudgets)};

/** What the contract says about one operation. */
export interface OperationRule {
  method: ${union(httpMethods)};
  /** The path template, e.g. \`/api/v1/intro-page/{userId}\`. */
  path: string;
  /** Needs a bearer token (the operation's \`security\` is not empty). */
  secured: boolean;
  /** The roles of which the token must carry one (\`x-roles\`); empty when no token is needed. */
  roles: readonly Role[];
  /** The rate-limit budget (\`x-rate-limit\`), or \`null\` when the operation is not rate limited. */
  rateLimit: RateLimitBudget | null;
}

/** Every operation in openapi.yaml, keyed by operationId, in spec order. */
export const operations = ${table(Object.entries(operations))} as const satisfies Record<string, OperationRule>;

/** The name of an operation, as its \`operationId\` in openapi.yaml. */
export type OperationId = keyof typeof operations;

/**
 * Method and path of every operation as \`"<method> <path>"\`: all a client
 * needs to send a request, so a bundle that imports only this leaves
 * \`operations\` out.
 */
export const routes = ${table(Object.entries(operations).map(([id, { method, path }]) => [id, `${method} ${path}`]))} as const satisfies Record<OperationId, string>;

/** The media type a client sends each operation's request body as (the first its \`requestBody\` lists). */
export const requestTypes = ${table(Object.entries(requestTypes))} as const satisfies Partial<Record<OperationId, string>>;

/**
 * One member per operation, documented with its method, path, roles, summary
 * and description. A mapped type over \`keyof OperationDocs\` (such as a client
 * with one method per operation) shows these docs on each of its members.
 */
export interface OperationDocs {
${Object.entries(docs)
  .map(([id, paragraphs]) => `${jsdoc(paragraphs, "  ")}\n  ${id}: ${JSON.stringify(id)};`)
  .join("\n")}
}

/** The section names in the contract's default order (personalization first). */
export const sectionNames = ${literal(sectionNames)} as const;

/** The name of one section of the intro page. */
export type SectionName = (typeof sectionNames)[number];

/**
 * Problem types the contract documents (\`x-problem-types\`): slug → type URI,
 * title and status. The first slug of a status is the one used for it unless
 * an operation documents a more specific one.
 */
export const problemTypes = ${table(Object.entries(problemTypes))} as const;

/** The slug of a documented problem type, e.g. \`"not-found"\`. */
export type ProblemSlug = keyof typeof problemTypes;
`;
}
