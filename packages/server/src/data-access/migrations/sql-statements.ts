/** One SQL statement of a migration file, for running it alone and for the linter. */
export interface SqlStatement {
  /** The statement without its comments, whitespace collapsed, no trailing semicolon. */
  text: string;
  /** The statement as written (comments inside it kept), for running it. */
  source: string;
  /** 1-based line where it starts, for messages. */
  line: number;
}

/**
 * Splits a migration file into statements at top-level semicolons, skipping
 * those inside quotes ('…', "…", E'…'), dollar-quoted bodies ($$…$$,
 * $tag$…$tag$) and comments. Each statement runs on its own, so a failure
 * names the statement and CREATE INDEX CONCURRENTLY can run outside a
 * transaction block (PostgreSQL runs a multi-statement string as one).
 */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let source = "";
  let text = "";
  let line = 1;
  let startLine = 0;
  let i = 0;
  const push = () => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (clean) statements.push({ text: clean, source: source.trim(), line: startLine });
    source = "";
    text = "";
    startLine = 0;
  };
  const take = (chunk: string, keepInText = true) => {
    if (startLine === 0 && keepInText && chunk.trim()) startLine = line;
    source += chunk;
    text += keepInText ? chunk : " ";
    line += chunk.split("\n").length - 1;
    i += chunk.length;
  };
  while (i < sql.length) {
    const rest = sql.slice(i);
    const ch = sql[i]!;
    if (rest.startsWith("--")) {
      const end = rest.indexOf("\n");
      take(end < 0 ? rest : rest.slice(0, end), false);
    } else if (rest.startsWith("/*")) {
      const end = rest.indexOf("*/");
      take(end < 0 ? rest : rest.slice(0, end + 2), false);
    } else if (ch === "'" || ch === '"') {
      // A doubled quote inside is an escaped quote; the loop finds the real end.
      let end = 1;
      while (end < rest.length && !(rest[end] === ch && rest[end + 1] !== ch)) end += rest[end] === ch ? 2 : 1;
      take(rest.slice(0, end + 1));
    } else if (ch === "$" && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(rest)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)![0];
      const end = rest.indexOf(tag, tag.length);
      take(end < 0 ? rest : rest.slice(0, end + tag.length));
    } else if (ch === ";") {
      i += 1;
      push();
    } else {
      take(ch);
    }
  }
  push();
  return statements;
}
