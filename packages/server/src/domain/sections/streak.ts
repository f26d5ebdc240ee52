const dayMs = 86_400_000;

/**
 * Consecutive UTC days with something done, counting back from today; a
 * streak that ended yesterday still counts (today is not over yet).
 * `activeDays` are `YYYY-MM-DD` (UTC), which parse to UTC midnight. The walk
 * is over day numbers: formatting a date for every day walked cost a page
 * four times as much (docs/performance.md, eighth round).
 */
export function streakDays(activeDays: Iterable<string>, now: Date): number {
  const days = new Set<number>();
  for (const day of activeDays) days.add(Date.parse(day) / dayMs);
  let day = Math.floor(now.getTime() / dayMs);
  if (!days.has(day)) day--;
  let streak = 0;
  while (days.has(day)) {
    streak++;
    day--;
  }
  return streak;
}
