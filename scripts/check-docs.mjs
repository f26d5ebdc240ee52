#!/usr/bin/env node
// The docs check in `npm test`: documentation that lies is worse than none.
//   - every link between files of the repository resolves (file and #anchor);
//   - every environment variable the server reads is in docs/deployment.md;
//   - every problem type of the contract has its section in docs/api.md;
//   - every ```ts sample in docs/ type-checks against the built packages;
//   - every custom property and part in the widget's manifest is named in docs/embedding.md;
//   - every scenario of the mock is named in docs/mocking.md.
// Prints one line per finding and exits 1 when there is any.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const skipDirs = new Set(["node_modules", "dist", ".git", ".data", "results", "coverage"]);
const findings = [];

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skipDirs.has(name) ? [] : markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

/** Text outside fenced code blocks, so sample code is not read as links. */
const prose = (text) => text.replace(/^(```|~~~)[\s\S]*?^\1/gm, "");

const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) {
    const slugger = new GithubSlugger();
    const headings = prose(readFileSync(file, "utf8")).match(/^#{1,6} .+$/gm) ?? [];
    const explicit = [...readFileSync(file, "utf8").matchAll(/<a (?:id|name)="([^"]+)"/g)].map((m) => m[1]);
    anchorCache.set(file, new Set([...headings.map((h) => slugger.slug(h.replace(/^#+ /, "").trim())), ...explicit]));
  }
  return anchorCache.get(file);
}

function checkLinks(files) {
  for (const file of files) {
    for (const [, target] of prose(readFileSync(file, "utf8")).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // http:, mailto: … are outside the repository
      const [path, anchor] = target.split("#");
      const resolved = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
      const where = relative(root, file);
      if (!existsSync(resolved)) {
        findings.push(`${where}: link to ${target}: no such file`);
      } else if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
        findings.push(`${where}: link to ${target}: no heading #${anchor} in ${relative(root, resolved)}`);
      }
    }
  }
}

function checkEnvironmentVariables() {
  const deployment = readFileSync(join(root, "docs/deployment.md"), "utf8");
  const configSource = readFileSync(join(root, "packages/server/src/config/config.ts"), "utf8");
  const fromSchema = [...configSource.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s/gm)].map((m) => m[1]);
  const fromCode = sourceFiles(join(root, "packages/server/src")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
  );
  for (const name of new Set([...fromSchema, ...fromCode])) {
    if (!deployment.includes(`\`${name}\``)) findings.push(`docs/deployment.md: the server reads ${name} but the guide never names it`);
  }
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

async function checkProblemTypes() {
  // Node 24 strips the types of the generated module (erasable syntax only).
  const { problemTypes } = await import(join(root, "test/generated/contract.ts"));
  const slugs = Object.keys(problemTypes);
  const api = join(root, "docs/api.md");
  if (!existsSync(api)) return findings.push("docs/api.md: missing");
  for (const slug of slugs) {
    if (!anchorsOf(api).has(slug)) findings.push(`docs/api.md: problem type ${slug} has no section (a heading "${slug}")`);
  }
  return undefined;
}

/** Names a guide must mention (in backticks), or a finding naming the guide and what it lacks. */
function checkNamed(guide, names, what) {
  const path = join(root, guide);
  if (!existsSync(path)) return void findings.push(`${guide}: missing`);
  const text = readFileSync(path, "utf8");
  for (const name of names) if (!text.includes(`\`${name}\``)) findings.push(`${guide}: ${what} ${name} is never named`);
}

function checkWidgetTheming() {
  const manifest = JSON.parse(readFileSync(join(root, "packages/widget/custom-elements.json"), "utf8"));
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
  const properties = new Set(declarations.flatMap((d) => (d.cssProperties ?? []).map((p) => p.name)));
  const parts = new Set(declarations.flatMap((d) => (d.cssParts ?? []).map((p) => p.name)));
  checkNamed("docs/embedding.md", properties, "the widget's custom property");
  checkNamed("docs/embedding.md", parts, "the widget's part");
  // And the reverse: a guide that styles what the widget does not have teaches CSS that does nothing.
  const guide = readFileSync(join(root, "docs/embedding.md"), "utf8");
  for (const [name] of guide.matchAll(/--intro-page-[a-z0-9-]+/g)) {
    if (!properties.has(name)) findings.push(`docs/embedding.md: ${name} is not a custom property of the widget`);
  }
  for (const [, name] of guide.matchAll(/::part\(([a-z0-9-]+)\)/g)) {
    if (!parts.has(name)) findings.push(`docs/embedding.md: ::part(${name}) is not a part of the widget`);
  }
}

async function checkMockScenarios() {
  // Node 24 strips the types of the source module (it has no other imports).
  const { scenarioNames } = await import(join(root, "packages/mock/src/scenarios.ts"));
  checkNamed("docs/mocking.md", scenarioNames, "the mock's scenario");
}

/** Each ```ts block in docs/ is written to a scratch folder and compiled with the packages as users import them. */
function checkSamples(files) {
  const scratch = join(root, "node_modules", ".cache", "docs-samples");
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const samples = [];
  for (const file of files.filter((f) => relative(root, f).startsWith("docs"))) {
    const blocks = [...readFileSync(file, "utf8").matchAll(/^```(ts|tsx)\n([\s\S]*?)^```/gm)];
    blocks.forEach(([, lang, code], index) => {
      const name = `${relative(root, file).replace(/\W+/g, "_")}_${index + 1}.${lang}`;
      // A sample is a module of its own (top-level await, no global clashes between samples).
      writeFileSync(join(scratch, name), `${code}\nexport {};\n`);
      samples.push(name);
    });
  }
  if (samples.length === 0) return;
  writeFileSync(
    join(scratch, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, jsx: "react-jsx", types: ["node"], lib: ["ES2023", "DOM", "DOM.Iterable"], noUnusedLocals: false, typeRoots: [join(root, "node_modules/@types")] },
      include: samples,
    }),
  );
  const tsc = spawnSync(join(root, "node_modules/.bin/tsc"), ["-p", scratch], { encoding: "utf8" });
  if (tsc.status !== 0) findings.push(...tsc.stdout.trim().split("\n").map((line) => `docs sample: ${line}`));
  console.log(`type-checked ${samples.length} samples from docs/`);
}

const files = markdownFiles(root);
checkLinks(files);
checkEnvironmentVariables();
await checkProblemTypes();
checkWidgetTheming();
await checkMockScenarios();
checkSamples(files);
for (const finding of findings) console.log(finding);
console.log(findings.length === 0 ? `docs check: ${files.length} Markdown files, no findings` : `docs check: ${findings.length} findings`);
process.exit(findings.length === 0 ? 0 : 1);
