-- The initial schema: users, their preferences, actionable items, activity,
-- announcements and the eventId ledger that makes POST /events idempotent.
-- Applied by umzug (packages/server/src/data-access/migrator.ts) inside one
-- transaction holding an advisory lock.
SET lock_timeout = '5s';
SET statement_timeout = '60s';

CREATE TABLE users (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_active_at timestamptz
);

-- Only what the user changed is stored; NULL means "use the default".
CREATE TABLE preferences (
  user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  locale text,
  timezone text,
  layout_order jsonb,
  layout_hidden jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE action_items (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('task', 'approval', 'review', 'mention', 'reminder')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  -- Sorting by priority needs a number; generated so it can never disagree with `priority`.
  priority_rank bigint GENERATED ALWAYS AS (
    CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END
  ) STORED,
  due_at timestamptz,
  href text,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'dismissed')),
  state_changed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, id)
);

-- The actions section: a user's open items, most pressing first.
CREATE INDEX action_items_open_by_urgency_idx
  ON action_items (user_id, priority_rank DESC, due_at ASC NULLS LAST, created_at ASC, id ASC)
  WHERE state = 'open';

CREATE TABLE activity_events (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  verb text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  object_title text NOT NULL,
  object_href text,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, id)
);

-- Keyset pagination of the activity feed: (occurred_at, id) descending per user.
CREATE INDEX activity_events_feed_idx ON activity_events (user_id, occurred_at DESC, id DESC);

CREATE TABLE announcements (
  id text PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  href text,
  published_at timestamptz NOT NULL,
  expires_at timestamptz
);

CREATE INDEX announcements_published_idx ON announcements (published_at DESC);

-- Every eventId POST /events has applied; a retried batch finds its ids here.
CREATE TABLE processed_events (
  event_id text PRIMARY KEY,
  user_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- For pruning the ledger by age.
CREATE INDEX processed_events_received_idx ON processed_events (received_at);

-- The system section counts users active in the last 24 hours.
CREATE INDEX users_last_active_idx ON users (last_active_at);
