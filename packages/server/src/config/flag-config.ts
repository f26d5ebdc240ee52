import { z } from "zod";

/** A JSON object in an environment variable, parsed; anything else is a configuration error naming the variable. */
const jsonObject = z.string().transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: "custom", message: "must be a JSON object" });
  return z.NEVER;
});

/** The feature-flag variables, spread into `configSchema` (config/config.ts). */
export const flagConfigShape = {
  FLAG_PROVIDER: z
    .string()
    .min(1)
    .default("builtin")
    .describe(
      "Which OpenFeature provider evaluates feature flags: builtin (the feature_flags table), memory (OpenFeature's InMemoryProvider with FLAG_MEMORY_FLAGS), or a module path whose default export is a provider or a function returning one.",
    ),
  FLAG_MEMORY_FLAGS: jsonObject
    .default({})
    .describe("With FLAG_PROVIDER=memory: the InMemoryProvider's flag configuration as JSON ({\"section.system\":{\"variants\":{\"on\":true,\"off\":false},\"defaultVariant\":\"off\",\"disabled\":false}})."),
  FLAG_REFRESH_S: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(30)
    .describe("The built-in provider re-reads its table this often (s) even without a change announcement; 0 turns it off."),
  FLAG_REUSE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(60_000)
    .describe(
      "How long one user's evaluated flags are reused (ms), or every user's when the provider answers each page flag as the same for everyone (reason STATIC or DISABLED: no targeting rules); 0 evaluates on every read. A provider's configuration-changed event (builtin and memory send one) drops them at once.",
    ),
};
