-- Reverts 0011_actors_contract, also from any partial state a failed run of
-- it left (it runs without a transaction): puts each actor's name back on
-- its activity rows (the newest name, which is what the feed showed) and
-- drops the key. The column is added nullable, filled, then made NOT NULL;
-- for a large table restore the backup the migrator took before the
-- contract instead.
SET lock_timeout = '2s';
SET statement_timeout = '60s';

ALTER TABLE activity_events ADD COLUMN IF NOT EXISTS actor_name text;
UPDATE activity_events e SET actor_name = a.name FROM actors a WHERE a.id = e.actor_id AND e.actor_name IS NULL;
ALTER TABLE activity_events ALTER COLUMN actor_name SET NOT NULL;
ALTER TABLE activity_events DROP CONSTRAINT IF EXISTS activity_events_actor_fk;
