import { existsSync } from "node:fs";
import { join } from "node:path";
import { Router } from "express";
import expressStaticGzip from "express-static-gzip";
import { packagePaths } from "../../config/package-paths.js";

/** Where the widget's demo page and its standalone bundle are. */
export interface DemoPageFiles {
  /** Folder with `index.html` and `demo.js`. */
  pageDir: string;
  /** Folder with the standalone bundle the page loads as `../dist/intro-page.standalone.js`. */
  distDir: string;
}

/**
 * Finds the `<intro-page>` demo: the copy shipped in the package's
 * `dist/assets/`, or the widget's own files when running from source (see
 * config/package-paths.ts). Returns undefined when the widget was not built
 * before the server, so there is no bundle to serve.
 */
export function findDemoPage(): DemoPageFiles | undefined {
  const paths = packagePaths();
  const files = { pageDir: paths.demoPage, distDir: paths.widgetBundle };
  const complete = existsSync(join(files.pageDir, "index.html")) && existsSync(join(files.distDir, "intro-page.standalone.js"));
  return complete ? files : undefined;
}

/** Paths the demo page is served under; public, like the docs. */
export const demoPagePath = /^\/(?:$|demo\.js$|favicon\.ico$|robots\.txt$|dist\/)/;

/**
 * Static files by content negotiation: the `.br` / `.gz` twins the build
 * writes next to each file (scripts/copy-assets.mjs) are sent to clients
 * that accept them, with `Vary: Accept-Encoding`; files without twins (a
 * source run) go out as they are.
 */
const negotiated = (root: string, cacheControl: string) =>
  expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: "index.html",
    serveStatic: { index: false, fallthrough: true, cacheControl: false, setHeaders: (res) => res.setHeader("Cache-Control", cacheControl) },
  });

/**
 * `GET /` serves the widget demo page, with its script at `/demo.js` and the
 * standalone bundle and its locales under `/dist/…`, each precompressed when
 * the client accepts it. In demo mode the page signs itself in through
 * `/demo/token` (routes/demo-api.ts); otherwise it explains how to get a
 * token and embed the tag. Without the widget, `/` points to `/docs`.
 */
export function demoRoutes(files: DemoPageFiles | undefined): Router {
  const router = Router();
  if (!files) {
    router.get("/", (_req, res) => res.redirect(302, "/docs"));
    return router;
  }
  // Revalidate every time: the page and the bundle change whenever the widget is rebuilt.
  const page = negotiated(files.pageDir, "no-cache");
  router.get(["/", "/demo.js"], page);
  router.use("/dist", negotiated(files.distDir, "public, max-age=0"));
  router.get("/robots.txt", (_req, res) => res.type("text/plain").send("User-agent: *\nDisallow: /api/\n"));
  // Browsers ask for it on every page; answer without a 401 in the console.
  router.get("/favicon.ico", (_req, res) => res.status(204).end());
  return router;
}
