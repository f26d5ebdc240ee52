// Entry of `dist/intro-page.standalone.js`: the same API with Lit and the SDK bundled in.
export * from "./index.js";
