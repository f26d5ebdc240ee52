import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { MigrationError } from "./migration-error.js";

/** The database a backup is taken of or restored into. */
export type BackupTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string; open?: PGlite | undefined };

/** A written or restored backup. */
export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * Where pg_dump, pg_restore and psql are: PG_BIN_DIR, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian/Ubuntu), else the PATH.
 */
export function postgresBin(tool: "pg_dump" | "pg_restore" | "psql"): string {
  if (process.env.PG_BIN_DIR) return join(process.env.PG_BIN_DIR, tool);
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const newest = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, "bin", tool)))
      .sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return join(root, newest, "bin", tool);
  }
  return tool;
}

/** Runs a PostgreSQL tool; rejects with its last stderr line. `pipeTo` feeds its stdout into a second tool. */
function run(command: string, args: string[], pipeTo?: { command: string; args: string[] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const first = spawn(command, args, { stdio: ["ignore", pipeTo ? "pipe" : "ignore", "pipe"] });
    const second = pipeTo ? spawn(pipeTo.command, pipeTo.args, { stdio: ["pipe", "ignore", "pipe"] }) : undefined;
    if (second) first.stdout!.pipe(second.stdin!);
    let errors = "";
    for (const child of [first, second]) child?.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const done = (child: ReturnType<typeof spawn>, name: string) =>
      new Promise<void>((ok, fail) => {
        child.on("error", (err) => fail(new MigrationError(`${name} could not start (${err.message}); set PG_BIN_DIR to the folder holding it`)));
        child.on("close", (code) => (code === 0 ? ok() : fail(new MigrationError(`${name} failed: ${errors.trim().split("\n").at(-1) ?? `exit ${code}`}`))));
      });
    Promise.all([done(first, command.split("/").at(-1)!), ...(second ? [done(second, pipeTo!.command.split("/").at(-1)!)] : [])]).then(() => resolve(), reject);
  });
}

/**
 * Takes a backup: pg_dump in custom format for PostgreSQL, the data
 * directory as a gzipped tarball (`dumpDataDir`) for embedded PGlite.
 */
export async function backupDatabase(target: BackupTarget, file: string): Promise<BackupResult> {
  const started = performance.now();
  mkdirSync(dirname(file), { recursive: true });
  if (target.kind === "postgres") {
    await run(postgresBin("pg_dump"), ["--format=custom", "--no-owner", `--file=${file}`, `--dbname=${target.url}`]);
  } else {
    const pglite = target.open ?? (await PGlite.create(target.dataDir));
    try {
      const tarball = await pglite.dumpDataDir("gzip");
      writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      if (!target.open) await pglite.close();
    }
  }
  return { file, bytes: statSync(file).size, ms: performance.now() - started };
}

/**
 * Restores a backup over the target, all or nothing. PostgreSQL: the public
 * schema is dropped and the dump replayed in one psql transaction (so
 * objects made after the backup go too, and a failure leaves the database
 * as it was). PGlite: the tarball is unpacked beside the data directory and
 * swapped in; the server must be stopped.
 */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<BackupResult> {
  if (!existsSync(file)) throw new MigrationError(`backup file ${file} does not exist (nothing was changed)`);
  const started = performance.now();
  if (target.kind === "postgres") {
    await run(postgresBin("pg_restore"), ["--list", file]).catch(() => {
      throw new MigrationError(`${file} is not a pg_dump custom-format backup (nothing was changed)`);
    });
    await run(postgresBin("pg_restore"), ["--no-owner", "--file=-", file], {
      command: postgresBin("psql"),
      args: [
        "--quiet",
        "--no-psqlrc",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        "--command=DROP SCHEMA public CASCADE",
        "--command=CREATE SCHEMA public AUTHORIZATION pg_database_owner",
        "--file=-",
        `--dbname=${target.url}`,
      ],
    });
  } else {
    if (target.open) throw new MigrationError("stop the server before restoring its embedded database");
    const fresh = `${target.dataDir}.restoring`;
    const old = `${target.dataDir}.before-restore`;
    rmSync(fresh, { recursive: true, force: true });
    try {
      const pglite = await PGlite.create(fresh, { loadDataDir: new Blob([readFileSync(file)]) });
      await pglite.query("SELECT 1");
      await pglite.close();
    } catch (err) {
      rmSync(fresh, { recursive: true, force: true });
      throw new MigrationError(`${file} is not a PGlite data-directory backup (${(err as Error).message.split("\n")[0]}); nothing was changed`);
    }
    rmSync(old, { recursive: true, force: true });
    if (existsSync(target.dataDir)) renameSync(target.dataDir, old);
    renameSync(fresh, target.dataDir);
    rmSync(old, { recursive: true, force: true });
  }
  return { file, bytes: statSync(file).size, ms: performance.now() - started };
}
