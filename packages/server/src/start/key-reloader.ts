import { unwatchFile, watchFile } from "node:fs";
import type { Logger } from "pino";
import { reloadJwtKeys, type JwtKeys } from "../auth/jwt.js";
import type { Config } from "../config/config.js";

/** Re-reads JWT_KEYS_FILE on demand (SIGHUP) and whenever the file changes. */
export interface KeyReloader {
  /** Re-reads the file now; a bad file is logged and the keys in use stay. */
  reload(): void;
  /** Stops watching the file. */
  close(): void;
}

/**
 * Watches JWT_KEYS_FILE by polling its mtime every JWT_KEYS_RELOAD_MS
 * (polling, not inotify: it also sees files replaced by an editor, a
 * Kubernetes secret update or `mv`). Without a keys file it does nothing.
 */
export function watchKeysFile(keys: JwtKeys, config: Config, logger: Logger): KeyReloader {
  const path = keys.keysFile;
  const reload = () => {
    if (!path) return;
    try {
      const kids = reloadJwtKeys(keys, config);
      logger.info({ kids }, "JWT verification keys reloaded");
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, "JWT_KEYS_FILE could not be reloaded; the keys in use stay");
    }
  };
  if (!path) return { reload, close: () => undefined };
  const onChange = (current: { mtimeMs: number }, previous: { mtimeMs: number }) => {
    if (current.mtimeMs !== previous.mtimeMs) reload();
  };
  watchFile(path, { interval: config.JWT_KEYS_RELOAD_MS, persistent: false }, onChange);
  return { reload, close: () => unwatchFile(path, onChange) };
}
