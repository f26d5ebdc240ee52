/** Chromium's prioritized task scheduling, where the browser has it. */
interface TaskScheduler {
  yield(): Promise<void>;
}

/**
 * Resolves in a task of its own, queued behind the tasks already waiting, so
 * work that follows it neither lengthens the current task nor delays input
 * handling. `scheduler.yield()` keeps the caller ahead of other queued work;
 * elsewhere a zero timer does the same job a little later.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
