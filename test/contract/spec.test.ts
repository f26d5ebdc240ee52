import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { operations as generatedOperations } from "../generated/contract.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const specText = await readFile(join(root, "openapi.yaml"), "utf8");
const spec = parse(specText);

type Operation = { method: string; path: string; op: any };
const methods = ["get", "put", "post", "patch", "delete"];
const operations: Operation[] = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
);

/** Follows a local `$ref` like `#/components/responses/NotFound`. */
function deref(node: any): any {
  if (!node?.$ref) return node;
  return deref(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at[key.replace(/~1/g, "/")], spec));
}

// The generated operation table every package uses; the SDK's method names come from it.
const expectedOperationIds = Object.keys(generatedOperations);

describe("openapi.yaml", () => {
  it("when listing operations, then every operation of the generated table is there exactly once", () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expectedOperationIds].sort());
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  it("when an operation is defined, then it has a summary, a tag and a camelCase operationId", () => {
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]+$/);
    }
  });

  it("when an operation can fail, then every 4xx and 5xx is problem+json with an example", () => {
    for (const { method, path, op } of operations) {
      for (const [status, ref] of Object.entries<any>(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        const content = deref(ref).content;
        const where = `${method.toUpperCase()} ${path} ${status}`;
        expect(Object.keys(content ?? {}), where).toEqual(["application/problem+json"]);
        const media = content["application/problem+json"];
        expect(Object.keys(media.examples ?? {}).length, where).toBeGreaterThan(0);
      }
    }
  });

  it("when a response has a body, then it has an example that validates against its schema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormatsPlugin.default(ajv);
    ajv.addSchema({ ...spec, $id: "spec" });
    let checked = 0;
    for (const { method, path, op } of operations) {
      for (const [status, ref] of Object.entries<any>(op.responses)) {
        for (const [type, media] of Object.entries<any>(deref(ref).content ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status} ${type}`;
          const examples = Object.values<any>(media.examples ?? {}).map(deref);
          expect(examples.length, where).toBeGreaterThan(0);
          const schema = media.schema.$ref ? { $ref: `spec${media.schema.$ref}` } : media.schema;
          const validate = ajv.compile(schema);
          for (const example of examples) {
            const ok = validate(example.value);
            expect(ok, `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("when a path takes a userId, then it is the documented pattern", () => {
    expect(spec.components.schemas.UserId.pattern).toBe("^[A-Za-z0-9_-]{1,64}$");
    for (const { path, op } of operations) {
      if (!path.includes("{userId}")) continue;
      const param = op.parameters.map(deref).find((p: any) => p.name === "userId");
      expect(param?.required, path).toBe(true);
      expect(deref(param.schema).pattern, path).toBe("^[A-Za-z0-9_-]{1,64}$");
    }
  });

  it("when an operation needs auth, then it documents 401 and 403 where roles apply", () => {
    for (const { path, op } of operations) {
      if (op.security?.length === 0) continue;
      expect(op.responses["401"], path).toBeDefined();
      if (path.includes("{userId}") || path.includes("cache") || path.includes("events") || path.includes("metrics")) {
        expect(op.responses["403"], path).toBeDefined();
      }
    }
  });
});

describe("generated types", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("when the spec is unchanged, then the drift check passes", async () => {
    const { stdout } = await run(process.execPath, ["scripts/generate.mjs", "--check"], { cwd: root });
    expect(stdout).toContain("up to date");
  }, 60_000);

  it("when the spec is edited without regenerating, then the drift check fails and says to run npm run generate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "intro-page-spec-"));
    dirs.push(dir);
    const edited = join(dir, "openapi.yaml");
    await writeFile(edited, specText.replace("    SectionName:\n      type: string\n", "    SectionName:\n      type: string\n      description: edited\n"));
    const result = await run(process.execPath, ["scripts/generate.mjs", "--check", "--spec", edited], { cwd: root }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Run `npm run generate`");
  }, 60_000);
});
