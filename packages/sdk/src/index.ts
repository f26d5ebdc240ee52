// The public API of @intro-page/sdk, at a glance.
export { createIntroPageClient } from "./client.js";
export type { IntroPageClientOptions } from "./client.js";
export type { TokenProvider } from "./auth.js";
export type { RetryOptions } from "./retry.js";
export { IntroPageError } from "./errors.js";
export type { IntroPageErrorDetails, IntroPageErrorKind } from "./errors.js";
export { isNotModified } from "./conditional-cache.js";
export { watchIntroPage } from "./poller.js";
export type { ActiveTransport, IntroPageWatcher, WatchClient, WatchIntroPageOptions, WatchTransport } from "./poller.js";
export type { PageChangeEvent } from "./live/page-stream.js";
export type {
  ActionItem,
  ActionOutcome,
  Actions,
  Activity,
  ActivityItem,
  CallOptions,
  components,
  EventBatch,
  EventBatchResult,
  FeatureFlag,
  FeatureFlagChange,
  FeatureFlagPatch,
  IngestEvent,
  IntroPage,
  IntroPageClient,
  OperationId,
  OperationMethod,
  OperationParams,
  OperationResult,
  operations,
  paths,
  Personalization,
  PreferencesPatch,
  Problem,
  SectionName,
  SectionStatus,
  StreamMethod,
  Statistics,
  SystemOverview,
} from "./types.js";
