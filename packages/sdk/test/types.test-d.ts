// Type-level tests: run by vitest's typecheck (and by tsc over this package).
// Every `@ts-expect-error` must meet an error, so each proves the spec's types bite.
import { describe, expectTypeOf, it } from "vitest";
import {
  createIntroPageClient,
  IntroPageError,
  watchIntroPage,
  type components,
  type IntroPage,
  type IntroPageClient,
  type IntroPageErrorKind,
  type OperationId,
  type Problem,
  type SectionName,
} from "../src/index.js";

const client = createIntroPageClient({ baseUrl: "http://localhost:3000" });

describe("types from the spec", () => {
  it("when a method is called, then it resolves with the spec's success body", () => {
    expectTypeOf(client.getIntroPage({ userId: "demo" })).resolves.toEqualTypeOf<components["schemas"]["IntroPage"]>();
    expectTypeOf(client.getActivity({ userId: "demo" })).resolves.toEqualTypeOf<components["schemas"]["ActivitySection"]>();
    expectTypeOf(client.completeAction({ userId: "demo", itemId: "a" })).resolves.toEqualTypeOf<components["schemas"]["ActionOutcome"]>();
    expectTypeOf(client.postEvents({ body: { events: [] } })).resolves.toEqualTypeOf<components["schemas"]["EventBatchResult"]>();
    expectTypeOf(client.getPrometheusMetrics()).resolves.toEqualTypeOf<string>();
  });

  it("when the client is listed, then it has exactly one method per operationId", () => {
    expectTypeOf<keyof IntroPageClient>().toEqualTypeOf<OperationId>();
    expectTypeOf<OperationId>().toEqualTypeOf<keyof import("../src/index.js").operations>();
  });

  it("when a section name is wrong, then the call does not compile", () => {
    // @ts-expect-error "news" is not a SectionName
    void client.getIntroPage({ userId: "demo", sections: ["news"] });
    expectTypeOf<SectionName>().toEqualTypeOf<"statistics" | "actions" | "activity" | "personalization" | "system">();
  });

  it("when a path parameter is missing, then the call does not compile", () => {
    // @ts-expect-error userId is required
    void client.getIntroPage({ sections: ["actions"] });
    // @ts-expect-error itemId is required
    void client.completeAction({ userId: "demo" });
    // @ts-expect-error the parameters object is required when a path parameter is
    void client.getStatistics();
  });

  it("when a parameter has the wrong type or is unknown, then the call does not compile", () => {
    // @ts-expect-error limit is an integer, not a string
    void client.getActivity({ userId: "demo", limit: "20" });
    // @ts-expect-error there is no such parameter
    void client.getIntroPage({ userId: "demo", page: 2 });
  });

  it("when a body is missing or wrong, then the call does not compile", () => {
    // @ts-expect-error updatePreferences needs a body
    void client.updatePreferences({ userId: "demo" });
    // @ts-expect-error locale is a string (or null), not a number
    void client.updatePreferences({ userId: "demo", body: { locale: 42 } });
    // @ts-expect-error an event needs its type-specific fields
    void client.postEvents({ body: { events: [{ type: "activity", eventId: "e", userId: "u" }] } });
    // @ts-expect-error GETs take no body
    void client.getIntroPage({ userId: "demo", body: {} });
  });

  it("when an operation needs no parameters, then they may be left out", () => {
    expectTypeOf(client.getSystemOverview).toBeCallableWith();
    expectTypeOf(client.getHealth).toBeCallableWith(undefined, { signal: new AbortController().signal });
  });

  it("when an error is caught, then its fields are typed from the spec", () => {
    expectTypeOf<IntroPageError["kind"]>().toEqualTypeOf<IntroPageErrorKind>();
    expectTypeOf<IntroPageErrorKind>().toEqualTypeOf<"http" | "network" | "timeout" | "aborted">();
    expectTypeOf<IntroPageError["problem"]>().toEqualTypeOf<Problem | undefined>();
    expectTypeOf<Problem>().toEqualTypeOf<components["schemas"]["Problem"]>();
    expectTypeOf<IntroPageError["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<IntroPageError["retryAfter"]>().toEqualTypeOf<number | undefined>();
  });

  it("when watching, then onData gets an IntroPage and sections are checked", () => {
    watchIntroPage(client, "demo", {
      onData: (page) => expectTypeOf(page).toEqualTypeOf<IntroPage>(),
      onError: (error) => expectTypeOf(error).toEqualTypeOf<IntroPageError>(),
    });
    // @ts-expect-error "news" is not a SectionName
    watchIntroPage(client, "demo", { sections: ["news"], onData() {} });
  });
});
