// The dev server serves ES modules as they are; some test dependencies are
// (or pull in) CommonJS: React, and the mock's request validation (ajv). This
// plugin bundles each group once with esbuild into one ES module, so a group
// shares one instance (one React, one msw), and points the group's imports at it.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** Each bundle: the URL it is served at, the imports it answers, and its entry source. */
const bundles = [
  {
    path: "/__vendor__/react.js",
    specifiers: ["react", "react/jsx-runtime", "react/jsx-dev-runtime", "react-dom", "react-dom/client"],
    entry: `
      import * as React from "react";
      import * as ReactDOM from "react-dom";
      import * as ReactDOMClient from "react-dom/client";
      import * as JSXRuntime from "react/jsx-runtime";
      import * as JSXDevRuntime from "react/jsx-dev-runtime";
      export default React;
      export const { Fragment, StrictMode, act, createElement, useCallback, useEffect, useRef, useState } = React;
      export const { flushSync } = ReactDOM;
      export const { createRoot } = ReactDOMClient;
      export const { jsx, jsxs } = JSXRuntime;
      export const { jsxDEV } = JSXDevRuntime;
    `,
  },
  {
    path: "/__vendor__/mock.js",
    specifiers: ["@intro-page/mock", "msw"],
    entry: `
      export { createIntroPageMock, createMockToken, scenarioNames } from "@intro-page/mock";
      export { getResponse, http, HttpResponse } from "msw";
    `,
  },
];

/** A @web/dev-server plugin serving the vendor bundles. */
export function vendorBundlesPlugin() {
  const built = new Map();
  const bundle = (definition) => {
    if (!built.has(definition.path)) {
      built.set(
        definition.path,
        build({
          stdin: { contents: definition.entry, resolveDir: packageDir, loader: "js" },
          bundle: true,
          format: "esm",
          platform: "browser",
          write: false,
          target: "es2022",
          define: { "process.env.NODE_ENV": '"development"' },
        }).then((result) => result.outputFiles[0].text),
      );
    }
    return built.get(definition.path);
  };
  return {
    name: "vendor-bundles",
    resolveImport({ source }) {
      return bundles.find((definition) => definition.specifiers.includes(source))?.path;
    },
    async serve(context) {
      const definition = bundles.find((candidate) => candidate.path === context.path);
      if (definition) return { body: await bundle(definition), type: "js" };
    },
  };
}
