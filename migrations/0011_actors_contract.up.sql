-- Contract step of "one row per actor" (docs/migrations.md): every activity
-- row now refers to an `actors` row; the copy of the name on each row goes.
-- The migrator runs the actors backfill to the end first and takes a
-- backup; the guard below refuses if any activity row still lacks its actor.
--
-- Each statement commits on its own (no-transaction), so the foreign key is
-- added NOT VALID under a brief lock, validated without blocking writes, and
-- ACCESS EXCLUSIVE is held only for the catalog change that drops the
-- column. If a statement fails, the migrator runs the down file, which
-- therefore tolerates any partial state.
-- migrate:phase contract 0010_actors_expand
-- migrate:no-transaction
-- migrate:backfill actors
-- migrate:expect constraint activity_events.activity_events_actor_fk
-- migrate:expect no column activity_events.actor_name
SET lock_timeout = '2s';
SET statement_timeout = '60s';

DO $$
DECLARE
  missing bigint;
BEGIN
  SELECT count(*) INTO missing FROM activity_events e WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = e.actor_id);
  IF missing > 0 THEN
    RAISE EXCEPTION '% activity rows have no actors row: run `npm run migrate -- backfill` first', missing;
  END IF;
END $$;

ALTER TABLE activity_events
  ADD CONSTRAINT activity_events_actor_fk FOREIGN KEY (actor_id) REFERENCES actors (id) NOT VALID;

ALTER TABLE activity_events VALIDATE CONSTRAINT activity_events_actor_fk;

-- Nothing reads the column any more (the release before this one reads either shape).
ALTER TABLE activity_events DROP COLUMN actor_name;
