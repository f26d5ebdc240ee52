import { describe, expect, it } from "vitest";
import { splitStatements } from "./sql-statements.js";

describe("splitStatements", () => {
  it("when a file has comments, quotes and dollar-quoted bodies, then it splits only at top-level semicolons", () => {
    const sql = [
      "-- a comment; not a statement",
      "SET lock_timeout = '2s';",
      "CREATE TABLE t (a text DEFAULT 'x;y', \"b;c\" int); /* block; comment */",
      "DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;",
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
    ].join("\n");
    const statements = splitStatements(sql);
    expect(statements.map((s) => s.text)).toEqual([
      "SET lock_timeout = '2s'",
      "CREATE TABLE t (a text DEFAULT 'x;y', \"b;c\" int)",
      "DO $$ BEGIN RAISE NOTICE 'a;b'; END $$",
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
    ]);
    expect(statements.map((s) => s.line)).toEqual([2, 3, 4, 5]);
  });

  it("when a string holds a doubled quote, then the string does not end there", () => {
    expect(splitStatements("SELECT 'it''s; fine'; SELECT 2").map((s) => s.text)).toEqual(["SELECT 'it''s; fine'", "SELECT 2"]);
  });

  it("when the file holds only comments, then there are no statements", () => {
    expect(splitStatements("-- nothing\n/* at all */\n")).toEqual([]);
  });
});
