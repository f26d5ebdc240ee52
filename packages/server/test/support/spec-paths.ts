import { loadContract } from "../../src/contract.js";

const paths = loadContract().spec.paths as Record<string, Record<string, unknown>>;

/** Spec templates as regexes; literal ones first so `/api/v1/health` beats any `{param}` match. */
const templates = Object.keys(paths)
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`), params: (template.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

/** The contract's path template for a concrete request path and method, or undefined when the contract does not document it. */
export function specPathTemplate(path: string, method: string): string | undefined {
  const pathname = path.split("?")[0]!;
  const match = templates.find(({ pattern }) => pattern.test(pathname));
  return match && paths[match.template]?.[method.toLowerCase()] ? match.template : undefined;
}
