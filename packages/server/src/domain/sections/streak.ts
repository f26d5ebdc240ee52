const dayMs = 86_400_000;

/** `YYYY-MM-DD` of `date` in UTC. */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Consecutive UTC days with something done, counting back from today; a
 * streak that ended yesterday still counts (today is not over yet).
 */
export function streakDays(activeDays: Iterable<string>, now: Date): number {
  const days = new Set(activeDays);
  let cursor = now.getTime();
  if (!days.has(utcDay(new Date(cursor)))) cursor -= dayMs;
  let streak = 0;
  while (days.has(utcDay(new Date(cursor)))) {
    streak++;
    cursor -= dayMs;
  }
  return streak;
}
