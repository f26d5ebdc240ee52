// Preloaded with `--import` into a server process by test/start-footprint.test.ts: appends the URL of every module the
// process loads (ESM and CommonJS alike) to the file named by LOADED_MODULES_FILE.
import { appendFileSync } from "node:fs";
import { registerHooks } from "node:module";

const file = process.env.LOADED_MODULES_FILE;
if (file) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(file, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
