// RFC 9457 problem+json responses, shaped like the reference server's.
import { HttpResponse } from "msw";
import { problemTypes } from "../generated/contract.js";
import type { Problem, ValidationIssue } from "../schema.js";

/** The problem type of a status: the first one openapi.yaml's `x-problem-types` lists for it. */
const problemTypeOf = (status: number) => Object.values(problemTypes).find((kind) => kind.status === status);

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
  const kind = problemTypeOf(init.status) ?? { type: "https://intro-page.dev/problems/error", title: "Error" };
  const body: Problem & Record<string, unknown> = {
    type: kind.type,
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
