import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodedBody, preferredCoding } from "./content-coding.js";

describe("preferredCoding", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["gzip, br", "gzip"],
    ["gzip, deflate, br, zstd", "gzip"],
    ["br, gzip;q=0.9", "br"],
    ["br", "br"],
    ["br;q=0.5, gzip", "gzip"],
    ["gzip, deflate", "gzip"],
    ["identity", undefined],
    ["br;q=0, gzip;q=0", undefined],
    ["*", "gzip"],
  ])("when Accept-Encoding is %j, then the coding is %j", (header, coding) => {
    expect(preferredCoding(header)).toBe(coding);
  });
});

describe("encodedBody", () => {
  const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, label: "item" })) }));

  it("when a coding is asked for twice with a store, then the body is compressed once and decodes to itself", () => {
    const encodings = new Map<string, Buffer>();
    const first = encodedBody(body, "br", encodings);
    expect(first.coding).toBe("br");
    expect(brotliDecompressSync(first.bytes).equals(body)).toBe(true);
    expect(encodedBody(body, "br", encodings).bytes).toBe(first.bytes);
    expect(gunzipSync(encodedBody(body, "gzip", encodings).bytes).equals(body)).toBe(true);
  });

  it("when the body is under 1 KB, then it goes out as it is", () => {
    const small = Buffer.from('{"ok":true}');
    expect(encodedBody(small, "br")).toEqual({ bytes: small });
  });
});
