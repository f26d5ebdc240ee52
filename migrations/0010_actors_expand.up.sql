-- Expand step of "one row per actor" (docs/migrations.md): activity_events
-- repeats each actor's name on every row; `actors` holds it once. Only adds
-- a table, so the running code of every version keeps working. The code of
-- this release reads and writes both shapes (data-access/activity-shape.ts);
-- `npm run migrate -- backfill` copies the existing actors; the contract
-- step (0011) then drops activity_events.actor_name.
-- migrate:phase expand
-- migrate:expect table actors
-- migrate:expect column actors.name
-- migrate:expect column activity_events.actor_name
SET lock_timeout = '2s';
SET statement_timeout = '30s';

CREATE TABLE actors (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- When the source of `name` happened: the newest name wins, whatever order events and the backfill arrive in.
  name_as_of timestamptz NOT NULL
);
