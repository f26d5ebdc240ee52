// The visual-regression command: screenshots a region of the test page and
// compares it with a committed PNG under test/visual/references/. With
// UPDATE_VISUAL=1 (`npm run test:visual:update`) it rewrites the reference
// instead. A mismatch leaves the actual and a diff image in
// test/visual/failures/ (not committed) to look at.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";

const references = fileURLToPath(new URL("../visual/references/", import.meta.url));
const failures = fileURLToPath(new URL("../visual/failures/", import.meta.url));

/** Keeps 5 bits a channel: anti-aliasing noise compresses away, any real change of colour still shows. */
function posterize(png) {
  for (let i = 0; i < png.data.length; i++) png.data[i] &= 0xf8;
  return png;
}

/**
 * A @web/test-runner plugin answering `compare-screenshot` with `{ name, clip }`.
 * Pictures are taken at half scale: layout, colour and direction changes still
 * show, and 28 references stay a few hundred kilobytes.
 */
export function visualPlugin({ update = process.env.UPDATE_VISUAL === "1", threshold = 0.1, maxDiffRatio = 0.002 } = {}) {
  return {
    name: "visual-regression",
    async executeCommand({ command, payload, session }) {
      if (command !== "compare-screenshot") return undefined;
      const { name, clip } = payload;
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
      const page = session.browser.getPage(session.id);
      const picture = await page.screenshot({ clip: { ...clip, scale: 0.5 }, type: "png", captureBeyondViewport: true });
      const actual = posterize(PNG.sync.read(Buffer.from(picture)));
      const file = `${references}${name}.png`;
      if (update) {
        mkdirSync(references, { recursive: true });
        writeFileSync(file, PNG.sync.write(actual, { colorType: 2, deflateLevel: 9 }));
        return { updated: true, diffRatio: 0 };
      }
      if (!existsSync(file)) return { missing: true, diffRatio: 1 };
      const expected = PNG.sync.read(readFileSync(file));
      if (expected.width !== actual.width || expected.height !== actual.height) {
        return { size: `${actual.width}×${actual.height}, reference ${expected.width}×${expected.height}`, diffRatio: 1 };
      }
      const diff = new PNG({ width: actual.width, height: actual.height });
      const different = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold });
      const diffRatio = different / (actual.width * actual.height);
      if (diffRatio > maxDiffRatio) {
        mkdirSync(failures, { recursive: true });
        writeFileSync(`${failures}${name}.actual.png`, PNG.sync.write(actual));
        writeFileSync(`${failures}${name}.diff.png`, PNG.sync.write(diff));
      }
      return { diffRatio, maxDiffRatio };
    },
  };
}
