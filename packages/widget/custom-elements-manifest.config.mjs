// Generates custom-elements.json from the components' JSDoc (@summary, @event,
// @csspart, @cssproperty) and Lit property declarations.
export default {
  globs: ["src/**/*.component.ts", "src/intro-page/intro-page.ts", "src/sections/*/*-section.ts"],
  exclude: ["src/**/*.test.ts"],
  outdir: ".",
  litelement: true,
  packagejson: false,
};
