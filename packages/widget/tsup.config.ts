import { defineConfig } from "tsup";

export default defineConfig([
  // For bundlers: Lit and the SDK stay external so the host dedupes them.
  {
    entry: { index: "src/index.ts", react: "src/react.ts" },
    format: ["esm"],
    dts: true,
    target: "es2022",
    platform: "browser",
    splitting: false,
    sourcemap: true,
    clean: true,
  },
  // For a plain <script type="module">: one minified file with Lit and the SDK inside.
  {
    entry: { "intro-page.standalone": "src/standalone.ts" },
    format: ["esm"],
    dts: false,
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
    clean: false,
  },
]);
