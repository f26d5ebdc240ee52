import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";
import { defineConfig } from "tsup";

/**
 * Lit's css`` and html`` templates keep their source indentation and CSS
 * comments through minification; dropping them from the standalone bundle
 * saves about a tenth of its size. Only whitespace after a newline and
 * non-JSDoc block comments go: HTML and CSS read both the same without them.
 */
const compactTemplates: Plugin = {
  name: "compact-templates",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replace(/\/\*(?!\*)[^]*?\*\//g, "").replace(/\n[ \t]+/g, "\n"),
      loader: "ts",
    }));
  },
};

/** The locale catalogues, each built as its own file next to the standalone bundle (locales/<tag>.js). */
const localeEntries = Object.fromEntries(
  ["ar", "de", "es", "fr", "it", "ja", "nl", "pt", "zh", "pseudo"].map((tag) => [`locales/${tag}`, `src/i18n/locales/${tag}.ts`]),
);

/** Leaves the catalogues' dynamic imports to the browser: it fetches locales/<tag>.js only when a page asks for it. */
const lazyLocales: Plugin = {
  name: "lazy-locales",
  setup(build) {
    // English is the default and is bundled; every other catalogue stays a file of its own.
    build.onResolve({ filter: /^\.\/locales\/[a-z]+\.js$/ }, ({ path }) => (path === "./locales/en.js" ? undefined : { path, external: true }));
  },
};

/** The SDK's ESM build (dist/), where its on-demand live modules are files of their own (dist/live/). */
const sdkDist = dirname(createRequire(import.meta.url).resolve("@intro-page/sdk"));

/** The SDK's page-stream transport and tab sharing, each built as its own file next to the standalone bundle (live/<name>.js). */
const liveEntries = Object.fromEntries(["page-stream", "tab-leader"].map((name) => [`live/${name}`, join(sdkDist, "live", `${name}.js`)]));

/**
 * Leaves the SDK's dynamic imports of its live modules to the browser: a page
 * fetches live/page-stream.js when it opens the event stream and
 * live/tab-leader.js when tabs share it, and a page that only polls never does.
 */
const lazyLive: Plugin = {
  name: "lazy-live",
  setup(build) {
    build.onResolve({ filter: /^\.\/live\/(page-stream|tab-leader)\.js$/ }, ({ path, importer }) =>
      importer.startsWith(sdkDist) ? { path, external: true } : undefined,
    );
  },
};

export default defineConfig([
  // For bundlers: Lit and the SDK stay external so the host dedupes them.
  {
    entry: { index: "src/index.ts", react: "src/react.ts" },
    format: ["esm"],
    dts: true,
    target: "es2022",
    platform: "browser",
    // Each non-default locale's catalogue is its own chunk (chunks/), loaded on demand.
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = "chunks/[name]-[hash]";
    },
    sourcemap: true,
    clean: true,
  },
  // For a plain <script type="module">: one minified file with Lit, the SDK and English inside; other
  // locales (locales/) and the SDK's live-push modules (live/) are files next to it, fetched by the
  // browser only when a page needs them.
  {
    entry: { "intro-page.standalone": "src/standalone.ts", ...localeEntries, ...liveEntries },
    format: ["esm"],
    dts: false,
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    splitting: false,
    esbuildPlugins: [lazyLocales, lazyLive, compactTemplates],
    esbuildOptions(options) {
      // Lit's licence notices go to intro-page.standalone.js.LEGAL.txt, named by a comment at the bundle's
      // end, instead of into every download (about 0.3 KB min+gzip).
      options.legalComments = "linked";
    },
    minify: true,
    sourcemap: true,
    clean: false,
  },
]);
