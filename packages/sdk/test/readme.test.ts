// The README's TypeScript blocks are the files in examples/, which tsc checks
// with the package; this keeps the two identical so the README cannot rot.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const readmeBlocks = [...read("../README.md").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
const examples = readdirSync(new URL("../examples/", import.meta.url))
  .filter((name) => name.endsWith(".ts"))
  .map((name) => ({ name, code: read(`../examples/${name}`).trim() }));

describe("README examples", () => {
  it("when the README is read, then every TypeScript block is exactly one type-checked example file", () => {
    expect(readmeBlocks.length).toBeGreaterThan(0);
    for (const block of readmeBlocks) expect(examples.map((example) => example.code)).toContain(block);
  });

  it("when the examples are listed, then each one is shown in the README", () => {
    for (const example of examples) expect(readmeBlocks, example.name).toContain(example.code);
  });
});
