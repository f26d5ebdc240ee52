import { describe, expect, it } from "vitest";
import { hasDuplicateKeys } from "./json-duplicate-keys.js";

describe("hasDuplicateKeys", () => {
  it.each([
    ['{"sub":"a","roles":["user"],"exp":1}', false],
    ['{"a":{"x":1},"b":{"x":2}}', false],
    ['{"s":"{\\"sub\\":1,\\"sub\\":2}"}', false],
    ['[{"a":1},{"a":1}]', false],
    ['{"sub":"a","sub":"b"}', true],
    ['{"sub":"a","s\\u0075b":"b"}', true],
    ['{"outer":{"x":1,"y":[1,{"z":1,"z":2}]}}', true],
    ['{"a":"\\"","a":1}', true],
  ])("when the JSON is %s, then duplicates found is %s", (json, expected) => {
    expect(hasDuplicateKeys(json)).toBe(expected);
  });
});
