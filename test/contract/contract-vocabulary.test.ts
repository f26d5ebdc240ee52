import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { renderContract } from "../../scripts/render-contract.mjs";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const specText = await readFile(join(root, "openapi.yaml"), "utf8");

/** Where each package (and the root tests) keep their generated vocabulary. */
const contractFiles = [
  "packages/sdk/src/generated/contract.ts",
  "packages/mock/src/generated/contract.ts",
  "packages/server/src/generated/contract.ts",
  "packages/widget/src/generated/contract.ts",
  "test/generated/contract.ts",
];

type Contract = typeof import("../generated/contract.js");
const load = (dir: string, file: string): Promise<Contract> => import(pathToFileURL(join(dir, file)).href);

/** The operation table as openapi.yaml states it, read independently of the generator. */
function tableFromSpec(spec: any) {
  const table: Record<string, unknown> = {};
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op?.operationId) continue;
      const secured = (op.security ?? spec.security).length > 0;
      table[op.operationId] = { method, path, secured, roles: op["x-roles"], rateLimit: op["x-rate-limit"] ?? null };
    }
  }
  return table;
}

/** A new authenticated read, inserted before the first path so nothing else moves. */
const badgesOperation = `  /api/v1/intro-page/{userId}/badges:
    get:
      tags: [Sections]
      operationId: getBadges
      x-roles: [user, admin]
      x-rate-limit: read
      summary: Get a user's badges
      parameters:
        - $ref: '#/components/parameters/UserId'
      responses:
        '200':
          description: The badges.
          content:
            application/json:
              schema:
                type: array
                items:
                  type: string
              examples:
                some:
                  value: [early-bird]
        '401':
          $ref: '#/components/responses/Unauthorized'
        '500':
          $ref: '#/components/responses/InternalError'
`;

describe("the generated contract vocabulary", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("when each package's checked-in table is read, then it is exactly the operations openapi.yaml states, in spec order", async () => {
    const expected = tableFromSpec(parse(specText));
    for (const file of contractFiles) {
      const contract = await load(root, file);
      expect(JSON.parse(JSON.stringify(contract.operations)), file).toEqual(expected);
      expect(Object.keys(contract.operations), file).toEqual(Object.keys(expected));
      expect(Object.keys(contract.routes), file).toEqual(Object.keys(expected));
    }
  });

  it("when an operation is added to openapi.yaml and the generator runs, then every package's operation table gains it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "intro-page-vocab-"));
    dirs.push(dir);
    const edited = join(dir, "openapi.yaml");
    await writeFile(edited, specText.replace(/^paths:\n/m, `paths:\n${badgesOperation}`));
    await run(process.execPath, ["scripts/generate.mjs", "--spec", edited, "--out", dir], { cwd: root });

    const before = Object.keys((await load(root, contractFiles[0]!)).operations);
    for (const file of contractFiles) {
      const contract = await load(dir, file);
      expect(Object.keys(contract.operations), file).toEqual(["getBadges", ...before]);
      expect((contract.operations as Record<string, unknown>).getBadges, file).toEqual({
        method: "get",
        path: "/api/v1/intro-page/{userId}/badges",
        secured: true,
        roles: ["user", "admin"],
        rateLimit: "read",
      });
      expect((contract.routes as Record<string, unknown>).getBadges, file).toBe("get /api/v1/intro-page/{userId}/badges");
    }
    // The typed operations the SDK and the mock build on gain it too.
    for (const pkg of ["sdk", "mock", "server"]) {
      expect(await readFile(join(dir, `packages/${pkg}/src/generated/openapi.ts`), "utf8"), pkg).toContain("getBadges:");
    }
  }, 60_000);

  it("when the default section order is read, then personalization comes first and the page lists its sections in that order", async () => {
    const spec = parse(specText);
    const { sectionNames } = await load(root, "test/generated/contract.ts");
    expect(sectionNames).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
    expect(Object.keys(spec.components.schemas.IntroPage.properties.sections.properties)).toEqual([...sectionNames]);
  });

  it("when a problem example is documented, then the problem types table has its type, title and status", async () => {
    const { problemTypes } = await load(root, "test/generated/contract.ts");
    const listed = Object.values(problemTypes).map(({ type, title, status }) => `${type} ${title} ${status}`);
    const documented = [...specText.matchAll(/type: (https:\/\/intro-page\.dev\/problems\/\S+)\n\s+title: (.+)\n\s+status: (\d+)/g)];
    expect(documented.length).toBeGreaterThan(10);
    for (const [, type, title, status] of documented) expect(listed).toContain(`${type} ${title} ${status}`);
  });

  it("when an operation lacks x-roles, then generating fails and names the operation", () => {
    const spec = parse(specText);
    delete spec.paths["/api/v1/events"].post["x-roles"];
    expect(() => renderContract(spec)).toThrow("POST /api/v1/events needs x-roles");
  });

  it("when an operation names an unknown rate-limit budget, then generating fails", () => {
    const spec = parse(specText);
    spec.paths["/api/v1/events"].post["x-rate-limit"] = "bulk";
    expect(() => renderContract(spec)).toThrow("x-rate-limit bulk");
  });

  it("when IntroPage.sections is not in the default order, then generating fails", () => {
    const spec = parse(specText);
    spec.components.schemas.Layout.properties.order.default = ["actions", "personalization", "statistics", "activity", "system"];
    expect(() => renderContract(spec)).toThrow("IntroPage.sections lists");
  });

  it("when a problem example uses a type x-problem-types does not list, then generating fails naming the type", () => {
    const spec = parse(specText);
    spec.components.responses.Conflict.content["application/problem+json"].examples.alreadyDismissed.value.type = "https://intro-page.dev/problems/clash";
    expect(() => renderContract(spec)).toThrow("https://intro-page.dev/problems/clash");
  });
});
