// Generates custom-elements.json from the components' JSDoc (@summary, @event,
// @csspart, @cssproperty) and Lit property declarations.
export default {
  globs: ["src/**/*.component.ts", "src/sections/shared/section-element.ts", "src/intro-page/intro-page.ts", "src/sections/*/*-section.ts"],
  exclude: ["src/**/*.test.ts"],
  litelement: true,
  packagejson: false,
  plugins: [
    {
      // The analyzer lists modules in file-system discovery order, which varies
      // between runs; sort them so the checked-in manifest is reproducible.
      name: "sort-modules-by-path",
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
