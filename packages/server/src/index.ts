// The public API of @intro-page/server (listed in the package README): run the
// server, or compose it and mount its Express app in your own HTTP server.
// Everything else under src/ is internal and may change in any release.
export { startServer, composeServer } from "./start/start-server.js";
export type { StartOptions, RunningServer, ServerParts } from "./start/start-server.js";
export { createApp } from "./http/app.js";
export type { AppDeps } from "./http/app-deps.js";
export { loadConfig, ConfigError } from "./config/config.js";
export type { Config } from "./config/config.js";
export { signToken } from "./auth/jwt.js";
export type { SigningOptions } from "./auth/jwt.js";
