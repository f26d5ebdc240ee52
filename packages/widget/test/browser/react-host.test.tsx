import { createMockToken } from "@intro-page/mock";
import { expect, waitUntil } from "@open-wc/testing";
import { act, useState } from "react";
import { createRoot } from "react-dom/client";
import type { Root } from "react-dom/client";
import "../../src/index.js";
import type { IntroPageActionEvent, IntroPageElement, IntroPageLoadEvent } from "../../src/index.js";
import type {} from "../../src/react.js";
import { apiBaseUrl, createMockBackend } from "../support/mock-backend.js";
import type { MockBackend } from "../support/mock-backend.js";
import { parts, section } from "../support/widget.js";

// React 19 needs this flag for act() outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface HostProps {
  onAction(event: IntroPageActionEvent): void;
  onLoad(event: IntroPageLoadEvent): void;
  tokenRequests: string[];
}

/** A small React app embedding the widget: the signed-in user lives in React state. */
function HostApp({ onAction, onLoad, tokenRequests }: HostProps) {
  const [userId, setUserId] = useState("demo");
  const tokenProvider = () => {
    tokenRequests.push(userId);
    return createMockToken({ sub: userId, roles: ["user"] });
  };
  return (
    <main>
      <button type="button" id="switch-user" onClick={() => setUserId("alice")}>
        Switch to Alice
      </button>
      <intro-page
        user-id={userId}
        api-base-url={apiBaseUrl}
        poll-interval={0}
        theme="light"
        tokenProvider={tokenProvider}
        onIntroPageAction={onAction}
        onIntroPageLoad={onLoad}
      />
    </main>
  );
}

describe("<intro-page> in a React 19 app", () => {
  let backend: MockBackend;
  let container: HTMLElement;
  let root: Root;
  const realFetch = globalThis.fetch;

  beforeEach(() => {
    // The widget builds its own SDK client here, which uses the global fetch: answer it from the mock.
    backend = createMockBackend();
    globalThis.fetch = backend.fetch;
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    globalThis.fetch = realFetch;
  });

  it("when React renders the widget, then the token provider arrives as a property, user-id changes reload, and actions reach the event prop", async () => {
    const actions: IntroPageActionEvent[] = [];
    const loads: IntroPageLoadEvent[] = [];
    const tokenRequests: string[] = [];
    await act(async () => {
      root.render(<HostApp onAction={(event) => actions.push(event)} onLoad={(event) => loads.push(event)} tokenRequests={tokenRequests} />);
    });
    const el = container.querySelector("intro-page") as IntroPageElement;
    expect(typeof el.tokenProvider).to.equal("function");
    expect(el.hasAttribute("tokenProvider")).to.equal(false);

    await waitUntil(() => loads.length === 1, "the first page did not load");
    expect(loads[0]!.detail.userId).to.equal("demo");
    expect(tokenRequests).to.include("demo");

    await act(async () => container.querySelector<HTMLButtonElement>("#switch-user")!.click());
    expect(el.getAttribute("user-id")).to.equal("alice");
    await waitUntil(() => loads.length === 2, "changing user-id did not reload the widget");
    expect(loads[1]!.detail.userId).to.equal("alice");
    expect(tokenRequests).to.include("alice");
    expect(backend.log.some((entry) => entry.path.startsWith("/api/v1/intro-page/alice") && entry.status === 200)).to.equal(true);
    await waitUntil(() => section(el, "actions").shadowRoot.querySelector("li") !== null, "alice's items did not render");

    const [first] = parts(el, "action-item");
    first!.querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await waitUntil(() => actions.length === 1, "the React event prop did not receive intro-page-action");
    expect(actions[0]!.detail).to.include({ userId: "alice", action: "complete" });
    expect(actions[0]!.detail.item.id).to.equal(first!.dataset.id);
  });
});
