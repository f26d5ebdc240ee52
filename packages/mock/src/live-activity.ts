// Live mode: new activity appears on a timer so polling UIs (ETag → 200
// after 304s, "new items" banners) can be developed against the mock.
import { Faker, base, en } from "@faker-js/faker";
import type { MockRuntime } from "./mock-runtime.js";
import { insertActivity } from "./state/mock-state.js";

const liveVerbs = ["commented", "shared", "updated", "mentioned", "approved"];

/**
 * Every `intervalMs`, adds one activity entry (stamped with the current time) to each
 * user who already has activity; users without any keep their empty state.
 * Returns the function that stops it. The timer never keeps a Node process alive.
 */
export function startLiveActivity(runtime: MockRuntime, intervalMs: number, seed: number): () => void {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed + 1);
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    const occurredAt = new Date(runtime.now()).toISOString();
    for (const user of runtime.state.users.values()) {
      const latest = user.activity[0];
      if (!latest) continue;
      const type = faker.helpers.arrayElement(["document", "task", "ticket"]);
      insertActivity(user, {
        id: `live_${tick}_${faker.string.alphanumeric(6)}`,
        actor: { ...faker.helpers.arrayElement(user.activity.slice(0, 10)).actor },
        verb: faker.helpers.arrayElement(liveVerbs),
        object: { type, id: `${type.slice(0, 3)}_${faker.number.int({ min: 1, max: 9999 })}`, title: faker.company.catchPhrase() },
        occurredAt,
      });
      runtime.cache.invalidate({ userId: user.profile.id, section: "activity" });
    }
  }, intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
