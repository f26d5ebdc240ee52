import type { IntroPageError } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { LoadProblem } from "../i18n/messages.js";

/** What the connection reads from its host. */
export interface ConnectionOptions {
  /** Says something in the host's polite live region. */
  announce(message: string): void;
  /** The sentence for a problem, or for the recovery from one (`undefined`). */
  describe(problem: LoadProblem | undefined): string;
  /** Called when the browser's network came back: time to load again. */
  reconnected(): void;
}

/**
 * Tells apart what the user needs to know about the last attempt to load:
 * their own network is down (`offline`), the service did not answer although
 * the network is up (`unreachable`, `timeout`), the service asked us to wait
 * (`busy`, with a countdown from `Retry-After`), or it answered with an error.
 * Any answer from the service, a 304 included, clears the problem. Each change
 * of problem is announced once in the live region, and so is the recovery.
 */
export class Connection implements ReactiveController {
  /** What went wrong with the last attempt; `undefined` once the service answered. */
  problem: LoadProblem | undefined;
  /** When the service said to try again (`Retry-After`), in epoch milliseconds. */
  retryAt: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ConnectionOptions,
  ) {
    host.addController(this);
  }

  /** Listens for the browser's network going and coming. */
  hostConnected(): void {
    window.addEventListener("online", this.handleOnline);
    window.addEventListener("offline", this.handleOffline);
    if (!navigator.onLine) this.problem = "offline";
  }

  /** Stops listening; a detached widget starts over when attached again. */
  hostDisconnected(): void {
    window.removeEventListener("online", this.handleOnline);
    window.removeEventListener("offline", this.handleOffline);
    this.problem = undefined;
    this.retryAt = undefined;
  }

  /** The service answered (with a page, or a 304 saying the page shown is current). */
  answered(): void {
    this.retryAt = undefined;
    if (this.problem === undefined) return;
    this.change(undefined);
  }

  /** An attempt to load failed with `error`. */
  failed(error: IntroPageError): void {
    this.retryAt = error.retryAfter !== undefined ? Date.now() + error.retryAfter * 1000 : undefined;
    this.change(classify(error));
  }

  /** Forgets any problem without announcing (a new user, a retry from scratch). */
  reset(): void {
    this.problem = navigator.onLine ? undefined : "offline";
    this.retryAt = undefined;
  }

  private change(problem: LoadProblem | undefined): void {
    const previous = this.problem;
    this.problem = problem;
    this.host.requestUpdate();
    if (problem !== previous) this.options.announce(this.options.describe(problem));
  }

  private readonly handleOnline = (): void => {
    // The network is back; whether the service is, the next answer tells (and clears and announces).
    this.options.reconnected();
  };

  private readonly handleOffline = (): void => {
    this.change("offline");
  };
}

/** The user-facing problem behind an SDK error. */
export function classify(error: IntroPageError): LoadProblem {
  if (error.kind === "network") return navigator.onLine ? "unreachable" : "offline";
  if (error.kind === "timeout") return "timeout";
  switch (error.status) {
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "notFound";
    case 429:
      return "busy";
    case 503:
      return error.retryAfter !== undefined ? "busy" : "failing";
    default:
      return "failing";
  }
}
