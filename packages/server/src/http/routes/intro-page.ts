import { Router } from "express";
import type { PageOptions, PageResult } from "../../domain/coordinator.js";
import { sectionNames, type SectionName } from "../../vocabulary/section-names.js";
import { AppError } from "../../errors/app-error.js";
import { viewFor } from "../../domain/flags/page-flags.js";
import type { FlagSubject } from "../../domain/flags/flag-evaluation.js";
import type { AppDeps } from "../app-deps.js";
import { flagSubjectOf, type Caller } from "../flag-subject.js";
import { principalOf } from "../middleware/authenticate.js";
import { sendConditional } from "../send-conditional.js";
import { authorizeReader, userIdParam } from "./guards.js";

/** The route template of the page read, as routed and as labelled in metrics. */
export const introPageRoute = "/api/v1/intro-page/:userId";

/** A page read's validated parameters. */
export interface IntroPageQuery {
  sections?: SectionName[] | undefined;
  fresh?: boolean | undefined;
}

/**
 * Authorizes and reads one intro page: `fresh` only for admins (403), the
 * caller's own page unless admin (403 before 404), sections in the canonical
 * order whatever order the client listed them in (so equal requests share an
 * ETag). The page's feature flags decide which sections it has and their
 * variants, and are part of its ETag. Shared by the route and the hot page
 * read (`http/hot-page-reads.ts`).
 */
export async function readIntroPage(
  { coordinator, users, flags }: Pick<AppDeps, "coordinator" | "users" | "flags">,
  req: Caller,
  userId: string,
  query: IntroPageQuery,
): Promise<PageResult> {
  const fresh = query.fresh === true;
  if (fresh && !principalOf(req).roles.has("admin")) throw new AppError(403, "Only admins may bypass the cache with fresh=true.");
  authorizeReader(req, userId);
  const subject = { ...flagSubjectOf(req, userId), userId };
  if (users.knows(userId)) return pageFor({ coordinator, flags }, subject, query.sections, fresh);
  // A user this process has not seen yet: the page's own statement checks they exist (404, nothing cached, if not).
  const page = await pageFor({ coordinator, flags }, subject, query.sections, fresh, { confirmUser: users });
  users.remember(userId);
  return page;
}

/**
 * The page `subject` sees (its feature flags decide the sections and their
 * variants), without authorization: callers have authorized the read already,
 * or read on the server's own behalf (the demo page's first paint).
 */
export async function pageFor(
  { coordinator, flags }: Pick<AppDeps, "coordinator" | "flags">,
  subject: FlagSubject & { userId: string },
  requested?: SectionName[],
  fresh = false,
  options: Pick<PageOptions, "confirmUser"> = {},
): Promise<PageResult> {
  const names = requested ? sectionNames.filter((name) => requested.includes(name)) : sectionNames;
  const state = flags ? await flags.pageFlags.evaluate(subject) : undefined;
  const view = state ? viewFor(state, names) : { names, variants: undefined, flagState: undefined };
  return coordinator.page(subject.userId, view.names, { fresh, variants: view.variants, flagState: view.flagState, confirmUser: options.confirmUser });
}

/** `GET /api/v1/intro-page/{userId}`: the whole page, or the `sections=` subset, from the coordinator. */
export function introPageRoutes(deps: Pick<AppDeps, "coordinator" | "users" | "flags">): Router {
  const router = Router();
  router.get(introPageRoute, async (req, res) => {
    // The validator has already parsed and checked both parameters against the contract.
    const page = await readIntroPage(deps, req, userIdParam(req), req.query as IntroPageQuery);
    sendConditional(req, res, page.body, page.etag, page.encodings);
  });
  return router;
}
