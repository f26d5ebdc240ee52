// Signs the bearer tokens the load carries (HS256 with the secret the lab
// gives the server) and turns a scenario's plan into wire requests.
import { createSecretKey } from "node:crypto";
import jwt from "jsonwebtoken";

/** A signer for one secret, issuer and audience; one token per subject and roles, reused. */
export function createSigner({ secret, issuer = "intro-page", audience = "intro-page", ttlS = 6 * 3600 }) {
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  const tokens = new Map();
  return (subject, roles) => {
    const id = `${subject} ${roles.join(",")}`;
    if (!tokens.has(id)) tokens.set(id, jwt.sign({ roles }, key, { algorithm: "HS256", subject, issuer, audience, expiresIn: ttlS }));
    return tokens.get(id);
  };
}

/** Wire requests (headers with the token, content type, conditional key) for a plan from perf/lib/requests.mjs. */
export function toWireRequests(plan, sign) {
  return plan.map((r) => ({
    method: r.method,
    path: r.path,
    headers: {
      accept: "application/json",
      authorization: `Bearer ${sign(r.subject, r.roles)}`,
      ...(r.body ? { "content-type": "application/json" } : {}),
    },
    ...(r.body ? { body: r.body } : {}),
    ...(r.conditional ? { conditionalKey: r.path } : {}),
  }));
}
