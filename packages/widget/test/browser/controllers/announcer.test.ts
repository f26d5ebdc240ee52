import { expect } from "@open-wc/testing";
import { Announcer } from "../../../src/controllers/announcer.js";
import { mountHost } from "../../support/controller-host.js";

describe("Announcer", () => {
  it("when the same message is announced again, then the region is emptied in between so it is read again", async () => {
    const host = await mountHost();
    const announcer = new Announcer(host);
    announcer.announce("You are offline.");
    await host.updateComplete;
    await host.updateComplete;
    const seen: string[] = [];
    announcer.announce("You are offline.");
    seen.push(announcer.message);
    await host.updateComplete;
    await host.updateComplete;
    seen.push(announcer.message);
    expect(seen).to.deep.equal(["", "You are offline."]);
  });
});
