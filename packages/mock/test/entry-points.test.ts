import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = resolve(import.meta.dirname, "../src");
const packageJson = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8"));

/** Every bare module an entry pulls in, following its relative imports through the source tree. */
function bareImportsOf(entry: string): Set<string> {
  const bare = new Set<string>();
  const visited = new Set<string>();
  const visit = (file: string) => {
    if (visited.has(file)) return;
    visited.add(file);
    const text = readFileSync(file, "utf8");
    for (const [, specifier] of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)) {
      if (specifier!.startsWith(".")) visit(resolve(dirname(file), specifier!.replace(/\.js$/, ".ts")));
      else bare.add(specifier!);
    }
  };
  visit(resolve(src, entry));
  return bare;
}

describe("entry points", () => {
  it("when the neutral entry is imported, then neither msw/node nor msw/browser is pulled in", () => {
    const imports = bareImportsOf("index.ts");
    expect(imports).toContain("msw");
    expect(imports).not.toContain("msw/node");
    expect(imports).not.toContain("msw/browser");
  });

  it("when the node entry is imported, then browser code is not, and the other way round", () => {
    expect(bareImportsOf("node.ts")).not.toContain("msw/browser");
    expect(bareImportsOf("browser.ts")).not.toContain("msw/node");
  });

  it("when a bundler resolves the wrong environment's entry, then the exports map refuses it", () => {
    expect(packageJson.exports["./node"].browser).toBeNull();
    expect(packageJson.exports["./browser"].node).toBeNull();
    expect(packageJson.sideEffects).toBe(false);
    expect(packageJson.peerDependencies.msw).toBeDefined();
  });
});
