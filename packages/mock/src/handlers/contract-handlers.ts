// The contract itself, as the reference server serves it.
import { HttpResponse } from "msw";
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { openapiDocument, openapiYaml } from "../generated/openapi-document.js";
import { runOperation } from "../http/pipeline.js";
import type { MockRuntime } from "../mock-runtime.js";

/** Handlers for getOpenApiJson and getOpenApiYaml. */
export function contractHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  return [
    http.get("/openapi.json", ({ request, response }) => runOperation(runtime, "getOpenApiJson", request, () =>
        // The spec types this body as a bare `object`, which openapi-typescript renders as `Record<string, never>`.
        response.untyped(HttpResponse.json(openapiDocument)),
      ),
    ),
    http.get("/openapi.yaml", ({ request, response }) =>
      runOperation(runtime, "getOpenApiYaml", request, () =>
        response.untyped(HttpResponse.text(openapiYaml, { headers: { "Content-Type": "application/yaml; charset=utf-8" } })),
      ),
    ),
  ];
}
