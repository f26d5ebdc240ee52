// A server-side test command that @web/test-runner-commands does not offer for
// puppeteer: any media feature, forced-colors included (its emulateMedia knows
// only color scheme and reduced motion there). Called from tests with
// `executeServerCommand("emulate-media-features", { features })`.
// (Network emulation is not offered: an offline page also loses the test
// runner's own connection.)

/** A @web/test-runner plugin answering `emulate-media-features`. */
export function browserCommandsPlugin() {
  // Straight to the DevTools protocol: puppeteer's emulateMediaFeatures refuses names it does not list (forced-colors).
  const sessions = new WeakMap();
  return {
    name: "browser-commands",
    async executeCommand({ command, payload, session }) {
      if (command !== "emulate-media-features") return undefined;
      if (session.browser.type !== "puppeteer") throw new Error(`${command} needs the puppeteer (chrome) launcher`);
      const page = session.browser.getPage(session.id);
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      // One call sets every emulated feature at once; features left out go back to the real value.
      await sessions.get(page).send("Emulation.setEmulatedMedia", { media: "", features: payload?.features ?? [] });
      return true;
    },
  };
}
