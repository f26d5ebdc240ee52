// Generates custom-elements.json from the components' JSDoc (@summary, @event,
// @csspart, @cssproperty) and Lit property declarations.
export default {
  globs: ["src/**/*.component.ts", "src/sections/shared/section-element.ts", "src/intro-page/intro-page.ts", "src/sections/*/*-section.ts"],
  exclude: ["src/**/*.test.ts"],
  litelement: true,
  packagejson: false,
};
