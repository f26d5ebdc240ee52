/**
 * A value of type `T` that is already JSON text. A section can hand the
 * coordinator what PostgreSQL wrote (data-access/activity-repository.ts), and
 * `toCachedSection` (domain/section-envelope.ts) keeps the text as it is
 * instead of parsing it into objects and serializing them again.
 */
export class JsonText<T> {
  /** Never set: ties the text to the type it encodes, so a `JsonText<Activity>` is not taken for another section's. */
  declare protected readonly encodes?: T;

  constructor(readonly text: string) {}

  /** The value itself, parsed (for the few readers that need objects: the cache path never does). */
  parse(): T {
    return JSON.parse(this.text) as T;
  }
}
