import { readFile } from "node:fs/promises";
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
  // locales are files next to it (locales/), fetched by the browser only when a page asks for them.
  {
    entry: { "intro-page.standalone": "src/standalone.ts", ...localeEntries },
    format: ["esm"],
    dts: false,
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    splitting: false,
    esbuildPlugins: [lazyLocales, compactTemplates],
    minify: true,
    sourcemap: true,
    clean: false,
  },
]);
