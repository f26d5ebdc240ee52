import { loadContract } from "../../src/http/contract-document.js";
import { specPaths } from "../../src/http/spec-paths.js";

const paths = specPaths(loadContract().spec);

/** The contract's path template for a concrete request path and method, or undefined when the contract does not document it. */
export function specPathTemplate(path: string, method: string): string | undefined {
  const pathname = path.split("?")[0]!;
  const match = paths.find(({ pattern }) => pattern.test(pathname));
  return match?.methods.includes(method.toUpperCase()) ? match.template : undefined;
}
