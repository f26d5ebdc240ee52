// RFC 9457 problem+json responses, shaped like the reference server's.
import { HttpResponse } from "msw";
import type { Problem, ValidationIssue } from "../schema.js";

/** The problem `type` slug and `title` for each status the mock answers with. */
const problemTypes: Record<number, { slug: string; title: string }> = {
  400: { slug: "bad-request", title: "Bad request" },
  401: { slug: "unauthorized", title: "Unauthorized" },
  403: { slug: "forbidden", title: "Forbidden" },
  404: { slug: "not-found", title: "Not found" },
  409: { slug: "conflict", title: "Conflict" },
  413: { slug: "payload-too-large", title: "Payload too large" },
  415: { slug: "unsupported-media-type", title: "Unsupported media type" },
  422: { slug: "unprocessable-content", title: "Unprocessable content" },
  429: { slug: "rate-limited", title: "Too many requests" },
  500: { slug: "internal", title: "Internal server error" },
  503: { slug: "service-unavailable", title: "Service unavailable" },
};

/** What a handler says about a problem; the rest (type, title, instance, requestId) is filled in. */
export interface ProblemInit {
  status: number;
  detail: string;
  errors?: ValidationIssue[];
  headers?: Record<string, string>;
  /** Extension members (e.g. `checks` on a not-ready problem). */
  extensions?: Record<string, unknown>;
}

/** Builds an `application/problem+json` response for `request`. */
export function problemResponse(request: Request, requestId: string, init: ProblemInit): Response {
  const kind = problemTypes[init.status] ?? { slug: "error", title: "Error" };
  const body: Problem & Record<string, unknown> = {
    type: `https://intro-page.dev/problems/${kind.slug}`,
    title: kind.title,
    status: init.status,
    detail: init.detail,
    instance: new URL(request.url).pathname,
    requestId,
    ...(init.errors ? { errors: init.errors } : {}),
    ...init.extensions,
  };
  return HttpResponse.json(body, {
    status: init.status,
    headers: { "Content-Type": "application/problem+json", ...init.headers },
  });
}

/** A 400 naming each bad field, worded like the reference server's. */
export function badRequestInit(issues: ValidationIssue[]): ProblemInit {
  return {
    status: 400,
    detail: `The request does not match the contract: ${issues.map((issue) => `${issue.pointer.split("/").pop()} ${issue.detail}`).join("; ")}.`,
    errors: issues,
  };
}
