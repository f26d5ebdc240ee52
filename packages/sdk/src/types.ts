/**
 * Public types of the SDK, all derived from the generated spec types so a change
 * to openapi.yaml changes them (and breaks callers at compile time) with no
 * hand-written twin to forget.
 */
import type { OperationDocs } from "./generated/contract.js";
import type { components, operations } from "./generated/openapi.js";

export type { components, operations, paths } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** A user's whole intro page: the requested sections plus page metadata. */
export type IntroPage = Schemas["IntroPage"];
/** The name of one section of the intro page. */
export type SectionName = Schemas["SectionName"];
/** Whether a section's data is fresh (`ok`), a last good copy (`stale`) or missing. */
export type SectionStatus = Schemas["SectionStatus"];
/** An RFC 9457 problem details document, as every error response carries. */
export type Problem = Schemas["Problem"];
/** The statistics section's data. */
export type Statistics = Schemas["Statistics"];
/** The actions section's data: open actionable items and their counts. */
export type Actions = Schemas["Actions"];
/** One actionable item. */
export type ActionItem = Schemas["ActionItem"];
/** The result of completing or dismissing an actionable item. */
export type ActionOutcome = Schemas["ActionOutcome"];
/** One page of a user's activity with the cursor of the next page. */
export type Activity = Schemas["Activity"];
/** One activity entry. */
export type ActivityItem = Schemas["ActivityItem"];
/** The personalization section's data. */
export type Personalization = Schemas["Personalization"];
/** A JSON merge patch of a user's layout, locale and timezone. */
export type PreferencesPatch = Schemas["PreferencesPatch"];
/** The system section's data, shared by all users. */
export type SystemOverview = Schemas["SystemOverview"];
/** A batch of events a host backend pushes. */
export type EventBatch = Schemas["EventBatch"];
/** One event in an {@link EventBatch}. */
export type IngestEvent = Schemas["IngestEvent"];
/** How many events of a batch were stored and how many were duplicates. */
export type EventBatchResult = Schemas["EventBatchResult"];
/** A feature flag of the reference server's built-in provider (admin API). */
export type FeatureFlag = Schemas["FeatureFlag"];
/** A JSON merge patch of a feature flag's settings; send it with the flag's ETag in `If-Match`. */
export type FeatureFlagPatch = Schemas["FeatureFlagPatch"];
/** One entry of a feature flag's audit trail: who changed it when, from what to what. */
export type FeatureFlagChange = Schemas["FeatureFlagChange"];

/** The name of an operation, as its `operationId` in openapi.yaml. */
export type OperationId = keyof operations;

/** `{}` for a parameter location the operation does not use (`?: never`), else its parameters. */
type Part<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>;

/** The content of a request or response, whatever its media type. */
type ContentOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;

type BodyPart<O> = O extends { requestBody: infer B }
  ? [NonNullable<B>] extends [never]
    ? {}
    : undefined extends B
      ? { body?: ContentOf<B> }
      : { body: ContentOf<B> }
  : {};

/**
 * The first argument of an operation's method: its path and query parameters in
 * one object, plus `body` when the operation takes a request body.
 */
export type OperationParams<K extends OperationId> = Part<operations[K]["parameters"]["path"]> &
  Part<operations[K]["parameters"]["query"]> &
  BodyPart<operations[K]>;

type Responses<K extends OperationId> = operations[K]["responses"];

/** What an operation's method resolves with: the body of its success response. */
export type OperationResult<K extends OperationId> = ContentOf<Responses<K>[(200 | 201 | 202) & keyof Responses<K>]>;

/** Per-call options, the second argument of every operation's method. */
export interface CallOptions {
  /** Cancels the call, including retries and the waits between them. */
  signal?: AbortSignal;
  /** Extra request headers; they win over the client's own. */
  headers?: HeadersInit;
}

/** An operation's method; the parameter object may be left out when no parameter is required. */
export type OperationMethod<K extends OperationId> = {} extends OperationParams<K>
  ? (params?: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>
  : (params: OperationParams<K>, options?: CallOptions) => Promise<OperationResult<K>>;

/**
 * The page stream's method: resolves with the open `text/event-stream`
 * response once the server accepted it; read its body, and abort the
 * call's `signal` to close it. `watchIntroPage` does all of this for you.
 */
export type StreamMethod = (params: OperationParams<"streamIntroPage">, options?: CallOptions) => Promise<Response>;

/** One method per operation, each documented from openapi.yaml (the mapped type keeps the docs). */
type ClientMethods = {
  readonly [K in keyof OperationDocs]: K extends "streamIntroPage" ? StreamMethod : OperationMethod<Extract<K, OperationId>>;
};

/**
 * The typed client: one method per operation in openapi.yaml, named by its
 * `operationId`. GETs and the idempotent POSTs (`completeAction`,
 * `dismissAction`, `postEvents`) are retried on transient failures; PATCH
 * never is.
 */
export interface IntroPageClient extends ClientMethods {}
