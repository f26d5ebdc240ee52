import type { components } from "../generated/openapi.js";
import { isDatabaseOutage } from "./database-outage.js";
import { AppError, problemTypes, type ProblemStatus, type ValidationIssue } from "./app-error.js";

/** Base of every problem `type` URI; each type's page documents it. */
export const problemTypeBase = "https://intro-page.dev/problems/";

/** An RFC 9457 problem details document as this server sends it: the contract's `Problem` plus extension members. */
export type Problem = components["schemas"]["Problem"] & { [extension: string]: unknown };

/** A problem document plus the headers that must accompany it. */
export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the error was not anticipated and deserves an error log with its stack. */
  unexpected: boolean;
}

interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  message?: unknown;
  errors?: unknown;
  expose?: unknown;
}

const isKnownStatus = (status: number): status is ProblemStatus => Object.hasOwn(problemTypes, status);

/** Converts express-openapi-validator's `.query.limit` / `/body/a/0` paths to our pointers. */
function toPointer(path: string): string {
  const trimmed = path.replace(/^[./]+/, "");
  const [location = "", ...rest] = trimmed.split(/[./]/);
  const where = location === "params" ? "path" : location === "headers" ? "header" : location;
  return ["", where, ...rest].join("/").replace(/\/+$/, "");
}

function validationIssues(errors: unknown): ValidationIssue[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  const issues = errors
    .filter((e): e is { path?: unknown; message?: unknown } => typeof e === "object" && e !== null)
    .map((e) => ({
      pointer: typeof e.path === "string" ? toPointer(e.path) : "/",
      detail: typeof e.message === "string" ? e.message.slice(0, 500) : "is invalid",
    }));
  return issues.length > 0 ? issues : undefined;
}

/**
 * Detail texts for errors raised by libraries (body parser, request
 * validator). Their own messages can echo internals, so only known, safe
 * shapes are passed through.
 */
function libraryDetail(status: ProblemStatus, err: HttpLikeError, issues: ValidationIssue[] | undefined): string {
  if (err.type === "entity.parse.failed") return "The request body is not valid JSON.";
  if (err.type === "entity.too.large") return "The request body exceeds the configured size limit.";
  if (err.type === "encoding.unsupported" || err.type === "charset.unsupported") return "The request body's encoding is not supported.";
  if (issues) return `The request does not match the contract: ${issues.map((i) => `${i.pointer.replace(/^\/\w+\//, "")} ${i.detail}`).join("; ")}.`;
  if (status === 415) return "The Content-Type of the body is not one this operation accepts.";
  if (status === 404) return "There is no such resource.";
  if (status === 405) return "This method is not allowed on this resource.";
  if (status === 406) return "None of the accepted media types can be produced.";
  return problemTypes[status].title;
}

/**
 * Turns anything thrown while handling a request into an RFC 9457 problem.
 * `AppError`s keep their detail; errors from express/body-parser and the
 * OpenAPI validator keep their status and field list; everything else is a
 * 500 whose detail reveals nothing about internals.
 */
export function toProblem(err: unknown, context: { instance?: string; requestId?: string } = {}): ProblemResponse {
  let status: ProblemStatus = 500;
  let detail = "Something went wrong on our side; quote the request id when reporting it.";
  let errors: ValidationIssue[] | undefined;
  let headers: Record<string, string> = {};
  let extensions: Record<string, unknown> = {};
  let unexpected = true;

  if (err instanceof AppError) {
    ({ status, errors, headers, extensions } = err);
    detail = err.message;
    unexpected = status >= 500;
  } else if (isDatabaseOutage(err)) {
    // The database is what every such operation needs: tell clients to come back rather than blaming them or us.
    status = 503;
    detail = "The database is not answering; try again shortly.";
    headers = { "Retry-After": "5" };
  } else if (typeof err === "object" && err !== null) {
    const httpErr = err as HttpLikeError;
    const raw = Number(httpErr.status ?? httpErr.statusCode);
    // Library errors with a 4xx are the client's doing; their 5xx stay generic.
    if (Number.isInteger(raw) && raw >= 400 && raw < 500) {
      status = isKnownStatus(raw) ? raw : 400;
      errors = validationIssues(httpErr.errors);
      // A validator complaint about the body's structure is 400; semantic checks raise AppError(422) themselves.
      detail = libraryDetail(status, httpErr, errors);
      unexpected = false;
    }
  }

  const { slug, title } = problemTypes[status];
  const problem: Problem = {
    ...extensions,
    type: `${problemTypeBase}${slug}`,
    title,
    status,
    detail,
    ...(context.instance === undefined ? {} : { instance: context.instance }),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    ...(errors === undefined ? {} : { errors }),
  };
  return { problem, headers, unexpected };
}
