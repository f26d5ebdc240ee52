import type { z } from "zod";
import { configSchema } from "./config.js";

const shown = (value: unknown): string => {
  if (value === undefined) return "unset";
  if (Array.isArray(value)) return value.length === 0 ? "unset" : value.join(",");
  // An object default is written as the JSON the variable takes ({} rather than "[object Object]").
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
};

/** Markers around the generated table in the package README. */
export const tableMarkers = { start: "<!-- config-table:start (generated: npm run docs -w @intro-page/server) -->", end: "<!-- config-table:end -->" } as const;

/** `readme` with the text between the markers replaced by the current table. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(tableMarkers.start);
  const end = readme.indexOf(tableMarkers.end);
  if (start < 0 || end < start) throw new Error("no config-table markers in the file");
  return `${readme.slice(0, start + tableMarkers.start.length)}
${configTable()}
${readme.slice(end)}`;
}

/**
 * The configuration reference as a Markdown table (variable, default,
 * meaning), rendered from `configSchema` so the README cannot drift from
 * the code (a test compares them).
 */
export function configTable(): string {
  const rows = Object.entries(configSchema.shape).map(([name, field]) => {
    const schema = field as z.ZodType;
    const parsed = schema.safeParse(undefined);
    const fallback = parsed.success ? shown(parsed.data) : "required";
    return `| \`${name}\` | \`${fallback}\` | ${(schema.description ?? "").replaceAll("|", "\\|")} |`;
  });
  return ["| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}
