/** A position in a user's activity feed: the last item a page ended with (keyset pagination). */
export interface ActivityCursor {
  occurredAt: string;
  id: string;
}
