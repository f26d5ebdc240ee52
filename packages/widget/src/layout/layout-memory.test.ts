import { afterEach, describe, expect, it, vi } from "vitest";
import { recallLayout, rememberLayout } from "./layout-memory.js";

/** A Storage over a Map; `full` makes every write throw like a full quota. */
function fakeStorage(full = false): Pick<Storage, "getItem" | "setItem"> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (full) throw new DOMException("quota", "QuotaExceededError");
      items.set(key, value);
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("layout memory", () => {
  it("when a user's layout was remembered, then it is recalled for that user only, order and hidden alone", () => {
    vi.stubGlobal("localStorage", fakeStorage());
    rememberLayout("demo", { order: ["activity", "actions"], hidden: ["system"], extra: "x" } as never);
    expect(recallLayout("demo")).toEqual({ order: ["activity", "actions"], hidden: ["system"] });
    expect(recallLayout("alice")).toBeUndefined();
  });

  it("when the stored value is not a layout, then nothing is recalled", () => {
    const storage = fakeStorage();
    storage.items.set("intro-page:layout:demo", "{not json");
    storage.items.set("intro-page:layout:bob", JSON.stringify({ order: "actions" }));
    vi.stubGlobal("localStorage", storage);
    expect(recallLayout("demo")).toBeUndefined();
    expect(recallLayout("bob")).toBeUndefined();
  });

  it("when storage refuses writes or is missing, then remembering does not throw and recalling gives nothing", () => {
    vi.stubGlobal("localStorage", fakeStorage(true));
    expect(() => rememberLayout("demo", { order: ["actions"], hidden: [] })).not.toThrow();
    expect(recallLayout("demo")).toBeUndefined();
    vi.stubGlobal("localStorage", undefined);
    expect(() => rememberLayout("demo", { order: ["actions"], hidden: [] })).not.toThrow();
    expect(recallLayout("demo")).toBeUndefined();
  });
});
