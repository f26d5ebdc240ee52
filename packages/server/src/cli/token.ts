#!/usr/bin/env node
// `npm run token -- --sub demo --roles user[,admin,service] [--ttl 3600]`: prints a JWT signed with the configured key.
import { parseArgs } from "node:util";
import { createPrivateKey } from "node:crypto";
import { signToken } from "../auth/jwt.js";
import { roles as knownRoles, type Role } from "../auth/principal.js";
import { loadCliConfig, readDemoSecret } from "./local-data.js";

const usage = "usage: npm run token -- --sub <userId> [--roles user,admin,service] [--ttl seconds]";
let values: { sub?: string; roles?: string; ttl?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { sub: { type: "string" }, roles: { type: "string", default: "user" }, ttl: { type: "string", default: "3600" }, help: { type: "boolean" } } }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help || !values.sub) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const roles = (values.roles ?? "user").split(",").map((r) => r.trim());
const unknown = roles.filter((r) => !(knownRoles as readonly string[]).includes(r));
const ttl = Number(values.ttl);
if (unknown.length > 0 || !Number.isInteger(ttl) || ttl < 1) {
  console.error(`${unknown.length > 0 ? `unknown role(s): ${unknown.join(", ")}` : "--ttl must be a positive integer"}\n${usage}`);
  process.exit(2);
}

const config = loadCliConfig();
const [algorithm = "HS256"] = config.JWT_ALGORITHMS;
let key: string | ReturnType<typeof createPrivateKey>;
if (algorithm !== "HS256") {
  if (!process.env.JWT_PRIVATE_KEY) {
    console.error(`JWT_ALGORITHMS is ${algorithm}: set JWT_PRIVATE_KEY (PEM) to sign tokens.`);
    process.exit(1);
  }
  key = createPrivateKey(process.env.JWT_PRIVATE_KEY);
} else if (config.JWT_SECRET) {
  key = config.JWT_SECRET;
} else {
  const demo = readDemoSecret();
  if (!demo) {
    console.error("No JWT_SECRET set and no demo server has run yet: start one with `npm start`, or set JWT_SECRET.");
    process.exit(1);
  }
  console.error("(signed with the demo secret of the last `npm start`)");
  key = demo;
}
console.log(signToken(values.sub, roles as Role[], ttl, { key, algorithm, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }));
