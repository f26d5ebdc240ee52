-- Reverts 0010_actors_expand. activity_events.actor_name still holds every
-- name, so nothing is lost.
SET lock_timeout = '2s';
SET statement_timeout = '30s';

DROP TABLE IF EXISTS actors;
