import type { components } from "../generated/openapi.js";

type ActionKind = components["schemas"]["ActionKind"];
type Priority = components["schemas"]["Priority"];

/** A seeded user. */
export interface SeedUser {
  id: string;
  displayName: string;
  lastActiveAt: Date | null;
}

/** A seeded actionable item with its state. */
export interface SeedItem {
  userId: string;
  id: string;
  kind: ActionKind;
  title: string;
  priority: Priority;
  dueAt: Date | null;
  href: string | null;
  state: "open" | "completed" | "dismissed";
  stateChangedAt: Date | null;
  createdAt: Date;
}

/** A seeded activity event. */
export interface SeedActivity {
  userId: string;
  id: string;
  actorId: string;
  actorName: string;
  verb: string;
  objectType: string;
  objectId: string;
  objectTitle: string;
  objectHref: string | null;
  occurredAt: Date;
}

/** Every item kind, in the order generated items cycle through them. */
export const actionKinds: ReadonlyArray<ActionKind> = ["task", "approval", "review", "mention", "reminder"];
/** Every priority, lowest first. */
export const priorities: ReadonlyArray<Priority> = ["low", "normal", "high", "urgent"];

const hourMs = 3_600_000;
const firstNames = ["Alice", "Bob", "Carol", "Dave", "Erin", "Farah", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Noor", "Omar", "Priya"];
const lastNames = ["Moreau", "Okafor", "Nguyen", "Schmidt", "Rossi", "Haddad", "Larsen", "Tanaka", "Novak", "Chen", "Mensah", "Fischer", "Silva", "Aziz", "Park", "Iyer"];
const subjects = ["Q4 travel budget", "onboarding copy", "launch checklist", "pricing page", "incident report", "hiring plan", "API changelog", "design review notes", "quarterly goals", "vendor contract"];
const verbs = ["commented", "shared", "edited", "approved", "mentioned", "assigned", "completed", "created"];
const objectTypes = ["document", "task", "review", "project", "ticket"];
const titleVerbs: Record<ActionKind, string> = { task: "Finish", approval: "Approve", review: "Review", mention: "Reply about", reminder: "Remember" };

/** A small deterministic PRNG (mulberry32): the same seed gives the same dataset on every machine. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)]!;

/** A plausible full name. */
export const personName = (random: () => number) => `${pick(random, firstNames)} ${pick(random, lastNames)}`;

/**
 * Items for one user covering every kind and priority: open ones (some
 * overdue, some due later, some undated), a few completed over the last
 * days (statistics, streak) and one dismissed.
 */
export function itemsFor(userId: string, count: number, random: () => number, now: Date): SeedItem[] {
  const items: SeedItem[] = [];
  for (let i = 0; i < count; i++) {
    const kind = actionKinds[i % actionKinds.length]!;
    const priority = priorities[Math.floor(i / actionKinds.length) % priorities.length]!;
    const dueRoll = random();
    const dueAt = dueRoll < 0.25 ? new Date(now.getTime() - (1 + Math.floor(random() * 72)) * hourMs) : dueRoll < 0.7 ? new Date(now.getTime() + (2 + Math.floor(random() * 240)) * hourMs) : null;
    const stateRoll = i % 7;
    const state = stateRoll === 3 || stateRoll === 5 ? "completed" : stateRoll === 6 && i % 2 === 0 ? "dismissed" : "open";
    const createdAt = new Date(now.getTime() - (24 + Math.floor(random() * 24 * 20)) * hourMs);
    items.push({
      userId,
      id: `act_${userId.slice(0, 40)}_${String(i + 1).padStart(3, "0")}`,
      kind,
      title: `${titleVerbs[kind]} ${pick(random, subjects)}`,
      priority,
      dueAt,
      href: `https://app.example.com/${kind}s/${i + 1}`,
      state,
      stateChangedAt: state === "open" ? null : new Date(now.getTime() - (i % 5) * 24 * hourMs - hourMs),
      createdAt,
    });
  }
  return items;
}

/** `count` activity events for one user, spread over the last `days` days, newest first. */
export function activityFor(userId: string, count: number, days: number, random: () => number, now: Date): SeedActivity[] {
  const events: SeedActivity[] = [];
  for (let i = 0; i < count; i++) {
    const actorName = personName(random);
    const objectType = pick(random, objectTypes);
    const occurredAt = new Date(now.getTime() - Math.floor(((i + random()) / count) * days * 24 * hourMs) - 60_000);
    events.push({
      userId,
      id: `evt_${userId.slice(0, 40)}_${String(i + 1).padStart(4, "0")}`,
      // One id per person: the actors table (migration 0010) keeps one name per id.
      actorId: actorName.toLowerCase().replace(/\s+/g, "-"),
      actorName,
      verb: pick(random, verbs),
      objectType,
      objectId: `${objectType.slice(0, 3)}_${Math.floor(random() * 10_000)}`,
      objectTitle: pick(random, subjects).replace(/^./, (c) => c.toUpperCase()),
      objectHref: random() < 0.7 ? `https://app.example.com/${objectType}s/${Math.floor(random() * 1000)}` : null,
      occurredAt,
    });
  }
  return events;
}
