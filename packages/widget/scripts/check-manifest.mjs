#!/usr/bin/env node
// Checks that custom-elements.json is current and that the documentation is
// complete: every CSS custom property the styles declare, every ::part the
// templates expose, every event and every attribute of <intro-page> must be in
// both the manifest and the README. Part of the package's `check` script.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path) => readFileSync(join(packageDir, path), "utf8");
const problems = [];

// 1. The checked-in manifest matches a fresh run of the analyzer.
const scratch = mkdtempSync(join(tmpdir(), "intro-page-cem-"));
try {
  // The analyzer joins --outdir to the working directory, so pass it relative.
  execFileSync("cem", ["analyze", "--config", "custom-elements-manifest.config.mjs", "--outdir", relative(packageDir, scratch)], {
    cwd: packageDir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (readFileSync(join(scratch, "custom-elements.json"), "utf8") !== read("custom-elements.json")) {
    problems.push("custom-elements.json is out of date: run `npm run build -w packages/widget` and commit it.");
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 2. What the source actually offers.
const sourceFiles = (dir) =>
  readdirSync(join(packageDir, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(packageDir, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
const source = sourceFiles("src").map(read).join("\n");
const declaredProperties = new Set([...read("src/intro-page/intro-page.styles.ts").matchAll(/^\s*(--intro-page-[a-z-]+)\s*:/gm)].map((m) => m[1]));
const usedProperties = new Set([...source.matchAll(/var\((--intro-page-[a-z-]+)/g)].map((m) => m[1]));
for (const name of usedProperties) if (!declaredProperties.has(name)) problems.push(`${name} is used but has no default on :host in intro-page.styles.ts`);
const templateParts = new Set([...source.matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1].split(/\s+/)));

// 3. What the manifest says about <intro-page>.
const manifest = JSON.parse(read("custom-elements.json"));
const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === "intro-page");
if (!element) {
  problems.push("custom-elements.json has no <intro-page> declaration");
} else {
  const names = (list) => new Set((list ?? []).map((item) => item.name));
  const manifestProperties = names(element.cssProperties);
  const manifestParts = names(element.cssParts);
  for (const name of declaredProperties) if (!manifestProperties.has(name)) problems.push(`CSS property ${name} is missing from the manifest (@cssproperty)`);
  for (const name of manifestProperties) if (!declaredProperties.has(name)) problems.push(`the manifest documents ${name}, which the styles do not declare`);
  for (const name of templateParts) if (!manifestParts.has(name)) problems.push(`part "${name}" is missing from the manifest (@csspart)`);

  // 4. The README documents all of it.
  const readme = read("README.md");
  const documented = (name) => readme.includes(`\`${name}\``);
  for (const name of declaredProperties) if (!documented(name)) problems.push(`README does not document CSS property \`${name}\``);
  for (const name of manifestParts) if (!documented(name)) problems.push(`README does not document part \`${name}\``);
  for (const { name } of element.events ?? []) if (!documented(name)) problems.push(`README does not document event \`${name}\``);
  for (const { name } of element.attributes ?? []) if (!documented(name)) problems.push(`README does not document attribute \`${name}\``);
  console.log(
    `manifest: ${declaredProperties.size} CSS properties, ${manifestParts.size} parts, ${(element.events ?? []).length} events, ${(element.attributes ?? []).length} attributes checked`,
  );
}

if (problems.length > 0) {
  console.error(problems.map((problem) => `✗ ${problem}`).join("\n"));
  process.exit(1);
}
console.log("manifest and README are complete and current");
