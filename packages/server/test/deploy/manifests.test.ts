import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { validate as lintDockerfile } from "dockerfile-utils";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Job } from "kubernetes-models/batch/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { configSchema } from "../../src/config/config.js";

/**
 * The deployable artifacts (Dockerfile, deploy/compose.yaml,
 * deploy/kubernetes/) checked against what they describe: the Kubernetes API
 * schemas, the server's config schema, and its shutdown timing. Docker and
 * Kubernetes are not on the test machine; these checks are what can be known
 * without them.
 */
const repository = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const kubernetesDir = join(repository, "deploy/kubernetes");
const configVariables = new Set(Object.keys(configSchema.shape));

interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [field: string]: unknown;
}

/** Every Kubernetes API object in deploy/kubernetes (the kustomization is kustomize's, not the API's). */
function kubernetesObjects(): Array<{ file: string; object: KubernetesObject }> {
  return readdirSync(kubernetesDir)
    .filter((file) => file.endsWith(".yaml") && file !== "kustomization.yaml")
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(kubernetesDir, file), "utf8")).map((document) => ({ file, object: document.toJS() as KubernetesObject })),
    );
}

/** The kinds deploy/kubernetes uses, keyed by `apiVersion/kind`; each validates with the JSON schema kubernetes-models ships. */
const models: Record<string, new (data: never) => { validate(): void }> = Object.fromEntries(
  [ConfigMap, Secret, Service, Deployment, Job, HorizontalPodAutoscaler, PodDisruptionBudget].map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/** Validates one object against the Kubernetes API schema of its apiVersion and kind; throws on a mismatch. */
async function validateKubernetesObject(object: KubernetesObject): Promise<void> {
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}: add its kubernetes-models class above`);
  new Model(object as never).validate();
}

function find(kind: string): KubernetesObject {
  const found = kubernetesObjects().find(({ object }) => object.kind === kind);
  if (!found) throw new Error(`no ${kind} in deploy/kubernetes`);
  return found.object;
}

interface Container {
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  [field: string]: unknown;
}

function podSpec(object: KubernetesObject): { containers: Container[]; terminationGracePeriodSeconds?: number } {
  return (object.spec as { template: { spec: { containers: Container[]; terminationGracePeriodSeconds?: number } } }).template.spec;
}

describe("Kubernetes manifests (deploy/kubernetes)", () => {
  it("when each manifest is checked against the Kubernetes API schema, then every one is valid", async () => {
    const objects = kubernetesObjects();
    expect(objects.map(({ object }) => object.kind).sort()).toEqual(
      ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Job", "PodDisruptionBudget", "Secret", "Service"].sort(),
    );
    for (const { file, object } of objects) {
      await expect(validateKubernetesObject(object), file).resolves.toBeUndefined();
    }
  });

  it("when a manifest breaks the schema, then the validator rejects it (the check can fail)", async () => {
    const broken = structuredClone(find("Deployment"));
    (broken.spec as { replicas: unknown }).replicas = "three";
    await expect(validateKubernetesObject(broken)).rejects.toThrow(/replicas/);
  });

  it("when the ConfigMap and Secret name variables, then each is in the server's config schema", () => {
    const configMap = find("ConfigMap").data as Record<string, string>;
    const secret = find("Secret").stringData as Record<string, string>;
    for (const name of [...Object.keys(configMap), ...Object.keys(secret)]) expect(configVariables, name).toContain(name);
    // The ConfigMap's values pass the schema's own validation (secret placeholders are checked by shape only).
    expect(() => configSchema.parse({ ...configMap, ...secret })).not.toThrow();
  });

  it("when a pod sets variables, then each comes from the ConfigMap or the Secret and exists in the config schema", () => {
    const configMap = find("ConfigMap");
    const secret = find("Secret");
    const secretKeys = Object.keys(secret.stringData as object);
    for (const kind of ["Deployment", "Job"]) {
      for (const container of podSpec(find(kind)).containers) {
        for (const source of container.envFrom ?? []) {
          expect(source.configMapRef?.name ?? source.secretRef?.name).toBeOneOf([configMap.metadata.name, secret.metadata.name]);
        }
        for (const variable of container.env ?? []) {
          expect(configVariables, `${kind} ${variable.name}`).toContain(variable.name);
          expect(variable.value, `${kind} ${variable.name} must come from a ConfigMap or Secret`).toBeUndefined();
          const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
          expect(ref?.name).toBeOneOf([configMap.metadata.name, secret.metadata.name]);
          if (variable.valueFrom?.secretKeyRef) expect(secretKeys).toContain(ref!.key);
        }
      }
    }
  });

  it("when a pod is stopped, then the grace period covers preStop, the readiness delay and the drain", () => {
    const deployment = find("Deployment");
    const spec = podSpec(deployment);
    const config = configSchema.parse(find("ConfigMap").data);
    const preStop = spec.containers[0]!.lifecycle?.preStop?.exec?.command;
    expect(preStop?.[0]).toBe("sleep");
    const preStopMs = Number(preStop![1]) * 1000;
    const neededMs = preStopMs + config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_DRAIN_TIMEOUT_MS;
    expect(spec.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(neededMs);
    const container = spec.containers[0] as Record<string, { httpGet?: { path: string } } | undefined>;
    expect(container.readinessProbe?.httpGet?.path).toBe("/api/v1/health/ready");
    expect(container.livenessProbe?.httpGet?.path).toBe("/api/v1/health/live");
    expect(container.startupProbe?.httpGet?.path).toBe("/api/v1/health/live");
    expect(container.resources).toBeDefined();
    // The servers never migrate on their own: the Job does, before the rollout.
    expect(config.MIGRATE_ON_START).toBe(false);
    expect(podSpec(find("Job")).containers[0]!.command).toEqual(["node", "dist/cli/migrate.js", "up"]);
  });
});

describe("compose topology (deploy/compose.yaml)", () => {
  const compose = parse(readFileSync(join(repository, "deploy/compose.yaml"), "utf8")) as {
    services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; deploy?: { replicas?: number } }>;
  };
  const serverImage = compose.services.migrate!.image;

  it("when a service runs the server image, then every variable it sets is in the config schema and valid", () => {
    const serverServices = Object.entries(compose.services).filter(([, service]) => service.image === serverImage);
    expect(serverServices.map(([name]) => name).sort()).toEqual(["migrate", "server"]);
    for (const [name, service] of serverServices) {
      const environment = service.environment ?? {};
      for (const variable of Object.keys(environment)) expect(configVariables, `${name} ${variable}`).toContain(variable);
      // Compose substitutes ${VAR:-default}; check the values with their defaults filled in.
      const substituted = Object.fromEntries(
        Object.entries(environment).map(([key, value]) => [key, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1")]),
      );
      expect(() => configSchema.parse(substituted), name).not.toThrow();
    }
  });

  it("when compose starts, then several server replicas sit behind HAProxy with a primary, a replica and Redis", () => {
    expect(compose.services.server!.deploy?.replicas).toBeGreaterThan(1);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres-primary", "postgres-replica", "redis", "haproxy"]));
    const haproxy = readFileSync(join(repository, "deploy/haproxy/haproxy.cfg"), "utf8");
    expect(haproxy).toMatch(/option httpchk GET \/api\/v1\/health\/ready/);
  });

  it.skipIf(spawnSync("haproxy", ["-v"]).error !== undefined)("when HAProxy checks its configuration, then it is valid", () => {
    const check = spawnSync("haproxy", ["-c", "-f", join(repository, "deploy/haproxy/haproxy.cfg")], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(join(repository, "Dockerfile"), "utf8");
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const finalStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith("FROM ")));

  it("when dockerfile-utils lints it, then it reports no problem", () => {
    expect(lintDockerfile(dockerfile).map((problem) => `${problem.range.start.line + 1}: ${problem.message}`)).toEqual([]);
  });

  // dockerfile-utils checks syntax and instruction use; these are the house rules on top (hadolint's, as far as they apply).
  it("when the image is built, then its stages follow the house rules", () => {
    const froms = instructions.filter((line) => line.startsWith("FROM "));
    expect(froms.length, "multi-stage").toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from, "base images carry an explicit tag (DL3006/DL3007)").toMatch(/^FROM \S+:(?!latest\b)\S+/);
    expect(finalStage.filter((line) => line.startsWith("USER ")).at(-1), "runs as non-root").toMatch(/^USER (?!root\b|0\b)\S+/);
    expect(finalStage.some((line) => line.startsWith("HEALTHCHECK ") && line.includes("/api/v1/health/")), "has a HEALTHCHECK").toBe(true);
    expect(finalStage.find((line) => line.startsWith("ENTRYPOINT ")), "an init forwards signals to node").toMatch(/tini/);
    expect(finalStage.find((line) => line.startsWith("CMD ")), "exec form so node gets the signal").toMatch(/^CMD \["node"/);
    const install = finalStage.find((line) => /npm ci/.test(line));
    expect(install, "production dependencies only").toMatch(/--omit=dev/);
    for (const apt of finalStage.filter((line) => line.includes("apt-get install"))) {
      expect(apt, "DL3015").toMatch(/--no-install-recommends/);
      expect(apt, "DL3009").toMatch(/rm -rf \/var\/lib\/apt\/lists/);
    }
  });

  it("when the workspaces change, then the Dockerfile copies every workspace manifest (npm ci needs them all)", () => {
    const workspaces = (JSON.parse(readFileSync(join(repository, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
  });
});
