/**
 * Dispatches a public event from the widget. Every public event bubbles and is
 * composed so a host listening on any ancestor (or through a framework's event
 * binding) receives it, whatever shadow roots sit in between.
 */
export function emit<Detail>(target: EventTarget, name: string, detail: Detail): CustomEvent<Detail> {
  const event = new CustomEvent<Detail>(name, { bubbles: true, composed: true, cancelable: false, detail });
  target.dispatchEvent(event);
  return event;
}

/**
 * Dispatches a request from a section sub-component to the `<intro-page>` that
 * renders it. Requests neither bubble nor cross the shadow root: they are an
 * internal wire, not part of the public API.
 */
export function request<Detail>(target: EventTarget, name: string, detail: Detail): void {
  target.dispatchEvent(new CustomEvent<Detail>(name, { bubbles: false, composed: false, detail }));
}
