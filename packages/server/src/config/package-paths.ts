import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The files the server reads at run time — the SQL migrations and the widget
 * demo page — located relative to this package, never by searching the
 * folders above it. Built code (`dist/`, also what the registry ships) reads
 * the copies the build puts in `dist/assets/` (scripts/copy-assets.mjs);
 * source code run by tsx or vitest in the monorepo reads the originals
 * (`migrations/`, `packages/widget/`), so an edit there needs no rebuild.
 * The contract is not read from a file: it is generated into src/generated
 * (http/contract-document.ts).
 */
export interface PackagePaths {
  /** The folder of `NNNN_name.up.sql` / `.down.sql` migrations. */
  migrations: string;
  /** The widget demo page's folder (`index.html`, `demo.js`). */
  demoPage: string;
  /** The folder holding the widget's standalone bundle (`intro-page.standalone.js`). */
  widgetBundle: string;
  /** The one-page API reference Redocly builds from the contract (absent until `npm run build`). */
  apiReference: string;
  /** The operators' dashboard page (`index.html`, `dashboard.js`, `dashboard.css`). */
  dashboard: string;
}

/** This package's folder (where its package.json is), as Node resolves the package's own name. */
export function packageRoot(): string {
  return dirname(createRequire(import.meta.url).resolve("@intro-page/server/package.json"));
}

/** Where each run-time file of the server is, for the code running now (built or source). */
export function packagePaths(): PackagePaths {
  const root = packageRoot();
  const fromSource = fileURLToPath(import.meta.url).startsWith(join(root, "src") + sep);
  if (fromSource) {
    const repository = join(root, "..", "..");
    return {
      migrations: join(repository, "migrations"),
      demoPage: join(repository, "packages", "widget", "demo"),
      widgetBundle: join(repository, "packages", "widget", "dist"),
      // Built only by `npm run build` (scripts/copy-assets.mjs); source runs serve the last build's copy.
      apiReference: join(root, "dist", "assets", "api-reference.html"),
      dashboard: join(root, "static", "dashboard"),
    };
  }
  const assets = join(root, "dist", "assets");
  return {
    migrations: join(assets, "migrations"),
    demoPage: join(assets, "demo"),
    widgetBundle: join(assets, "widget"),
    apiReference: join(assets, "api-reference.html"),
    dashboard: join(assets, "dashboard"),
  };
}
