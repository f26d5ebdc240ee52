import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Router, type RequestHandler } from "express";
import expressStaticGzip from "express-static-gzip";
import { packagePaths } from "../../config/package-paths.js";
import { encodedBody, preferredCoding } from "../content-coding.js";

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
export function demoRoutes(files: DemoPageFiles | undefined, firstPaint?: FirstPaint): Router {
  const router = Router();
  if (!files) {
    router.get("/", (_req, res) => res.redirect(302, "/docs"));
    return router;
  }
  // Revalidate every time: the page and the bundle change whenever the widget is rebuilt.
  const page = negotiated(files.pageDir, "no-cache");
  if (firstPaint) router.get("/", withFirstPaint(join(files.pageDir, "index.html"), firstPaint));
  router.get(["/", "/demo.js"], page);
  router.use("/dist", negotiated(files.distDir, "public, max-age=0"));
  router.get("/robots.txt", (_req, res) => res.type("text/plain").send("User-agent: *\nDisallow: /api/\n"));
  // Browsers ask for it on every page; answer without a 401 in the console.
  router.get("/favicon.ico", (_req, res) => res.status(204).end());
  return router;
}

/** The demo user's page as the API would answer it: the JSON body and its ETag. */
export type FirstPaint = () => Promise<{ userId: string; body: Buffer | string; etag: string }>;

/** Where the demo page's tag is, as written in its index.html. */
const demoTag = '<intro-page id="intro"></intro-page>';

/**
 * Demo mode's `/`: the page with the demo user's intro page inside the tag as
 * a JSON script child (the widget's `initial-data`, see
 * packages/widget/README.md), so the first paint already shows content, with
 * no skeleton and no request; the widget then takes over with its own token.
 * The page holds a user's data, so it is never cached; when the read fails,
 * the static page (skeletons, then content) is served instead.
 */
function withFirstPaint(indexFile: string, firstPaint: FirstPaint): RequestHandler {
  let template: string | undefined;
  return async (req, res, next) => {
    try {
      template ??= await readFile(indexFile, "utf8");
      if (!template.includes(demoTag)) return next();
      const page = await firstPaint();
      // "<" escaped so no string in the data can close the script element.
      const json = String(page.body).replaceAll("<", "\\u003c");
      const tag = `<intro-page id="intro" user-id="${escapeAttribute(page.userId)}"><script type="application/json" data-etag="${escapeAttribute(page.etag)}">${json}</script></intro-page>`;
      const coding = preferredCoding(req.headers["accept-encoding"]);
      const { bytes, coding: used } = encodedBody(Buffer.from(template.replace(demoTag, tag)), coding);
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Vary", "Accept-Encoding");
      if (used) res.setHeader("Content-Encoding", used);
      res.end(bytes);
    } catch {
      next();
    }
  };
}

const escapeAttribute = (value: string) => value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
