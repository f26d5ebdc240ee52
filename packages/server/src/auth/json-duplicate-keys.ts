/**
 * True when some object in `json` (already known to be valid JSON) names a
 * member twice, e.g. `{"sub":"a","sub":"b"}` or `{"sub":"a","s\u0075b":"b"}`.
 * `JSON.parse` silently keeps the last one, so a token with duplicated claims
 * can mean different things to different parsers; such tokens are refused.
 */
export function hasDuplicateKeys(json: string): boolean {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        const keys = open.at(-1)!;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (char === "{") {
      open.push(new Set());
      expectKey = true;
    } else if (char === "[") {
      open.push(null);
    } else if (char === "}" || char === "]") {
      open.pop();
    } else if (char === ",") {
      expectKey = open.at(-1) instanceof Set;
    }
  }
  return false;
}
