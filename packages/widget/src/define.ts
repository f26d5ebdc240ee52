/**
 * Registers a custom element unless that tag is taken, so loading the widget
 * twice (say, the npm package and the standalone bundle) does not throw.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}
