// OpenAPI links: how one response leads to the next call. The checks use them
// to find real ids (an item to complete) and to drive stateful sequences.
import type { Exchange } from "./http-client.js";
import { pointer } from "./spec.js";
import type { Contract, Link, Operation } from "./spec.js";

/** A link from a documented response of `source`. */
export interface NamedLink {
  source: Operation;
  status: string;
  name: string;
  link: Link;
}

/** Every link in the contract whose target is `operationId`. */
export function linksTo(contract: Contract, operationId: string): NamedLink[] {
  return contract.operations.flatMap((source) =>
    Object.values(source.responses).flatMap((response) =>
      Object.entries(response.links)
        .filter(([, link]) => link.operationId === operationId)
        .map(([name, link]) => ({ source, status: response.status, name, link })),
    ),
  );
}

/** The link called `name` on `operation`'s documented response `status`. */
export function linkNamed(operation: Operation, name: string): Link | undefined {
  return Object.values(operation.responses).find((response) => response.links[name])?.links[name];
}

/**
 * Evaluates an OpenAPI runtime expression (`$request.path.userId`,
 * `$response.body#/data/items/0/id`, `$request.body`, `$statusCode` …)
 * against an exchange; any other value is a constant.
 */
export function evaluateExpression(expression: unknown, exchange: Exchange): unknown {
  if (typeof expression !== "string" || !expression.startsWith("$")) return expression;
  const values = exchange.request.values;
  if (expression === "$statusCode") return exchange.status;
  if (expression === "$method") return exchange.request.method;
  const [source, fragment] = expression.split("#");
  const body = source === "$request.body" ? values?.body : source === "$response.body" ? exchange.json : undefined;
  if (source === "$request.body" || source === "$response.body") return fragment === undefined ? body : pointer(body, fragment);
  const match = /^\$(request|response)\.(path|query|header)\.(.+)$/.exec(expression);
  if (!match) return undefined;
  const [, side, place, name] = match as unknown as [string, string, "path" | "query" | "header", string];
  if (side === "response") return place === "header" ? (exchange.headers.get(name) ?? undefined) : undefined;
  return values?.[place]?.[name];
}

/** The parameter values (and body) a link gives the next call. */
export function followLink(link: Link, exchange: Exchange): { parameters: Record<string, unknown>; body?: unknown } {
  const parameters = Object.fromEntries(
    Object.entries(link.parameters ?? {}).map(([name, expression]) => [name.replace(/^(path|query|header)\./, ""), evaluateExpression(expression, exchange)]),
  );
  return link.requestBody === undefined ? { parameters } : { parameters, body: evaluateExpression(link.requestBody, exchange) };
}
