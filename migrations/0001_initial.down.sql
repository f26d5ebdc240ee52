-- Reverts 0001_initial: drops every table it created (indexes go with them).
SET lock_timeout = '5s';
SET statement_timeout = '60s';

DROP TABLE IF EXISTS processed_events;
DROP TABLE IF EXISTS announcements;
DROP TABLE IF EXISTS activity_events;
DROP TABLE IF EXISTS action_items;
DROP TABLE IF EXISTS preferences;
DROP TABLE IF EXISTS users;
