const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** A path of the contract as a matcher, with the methods it documents (upper case). */
export interface SpecPath {
  template: string;
  pattern: RegExp;
  methods: string[];
}

/**
 * The contract's paths as matchers, literal ones first so `/api/v1/health`
 * wins over any `{param}` template that would also match.
 */
export function specPaths(spec: Record<string, unknown>): SpecPath[] {
  const paths = (spec.paths ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths)
    .map(([template, item]) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
      methods: methods.filter((method) => method in item).map((method) => method.toUpperCase()),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params)
    .map(({ template, pattern, methods: documented }) => ({ template, pattern, methods: documented }));
}
