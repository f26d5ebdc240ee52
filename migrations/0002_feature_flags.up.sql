-- Feature flags for the built-in OpenFeature provider
-- (packages/server/src/domain/flags/builtin-provider.ts) and their audit trail.
-- Two new, empty tables: nothing existing is locked or rewritten.
SET lock_timeout = '5s';
SET statement_timeout = '60s';

-- One row per flag. A flag that is off serves `off_value` to everyone; a flag
-- that is on serves the value of the first rule that matches, else
-- `default_value`. `rules` is a JSON array checked by the application
-- (packages/server/src/domain/flags/flag-rules.ts); `version` is the
-- optimistic-concurrency token behind the admin API's ETag.
CREATE TABLE feature_flags (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9]*([.-][a-z0-9]+)*$' AND char_length(key) <= 64),
  kind text NOT NULL CHECK (kind IN ('boolean', 'string')),
  description text NOT NULL CHECK (char_length(description) <= 500),
  -- For string flags, the values the product understands; empty for boolean flags.
  allowed_values jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(allowed_values) = 'array'),
  enabled boolean NOT NULL,
  off_value jsonb NOT NULL,
  default_value jsonb NOT NULL,
  rules jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(rules) = 'array'),
  version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

-- Who changed which flag when, from what to what. Append-only: the trigger
-- below refuses UPDATE and DELETE, so the trail cannot be rewritten through
-- the application's connection.
CREATE TABLE feature_flag_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  flag_key text NOT NULL REFERENCES feature_flags (key),
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  from_state jsonb NOT NULL,
  to_state jsonb NOT NULL,
  request_id text
);

CREATE INDEX feature_flag_audit_by_flag_idx ON feature_flag_audit (flag_key, id DESC);

CREATE FUNCTION feature_flag_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'feature_flag_audit is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER feature_flag_audit_append_only
  BEFORE UPDATE OR DELETE ON feature_flag_audit
  FOR EACH ROW EXECUTE FUNCTION feature_flag_audit_append_only();

-- The flags the product reads: one per section (on for everyone) and the
-- ordering of action items (the established order for everyone).
INSERT INTO feature_flags (key, kind, description, allowed_values, enabled, off_value, default_value) VALUES
  ('section.personalization', 'boolean', 'Shows the personalization section (greeting, quick actions, insights).', '[]', true, 'false', 'true'),
  ('section.actions', 'boolean', 'Shows the actions section (open actionable items).', '[]', true, 'false', 'true'),
  ('section.statistics', 'boolean', 'Shows the statistics section.', '[]', true, 'false', 'true'),
  ('section.activity', 'boolean', 'Shows the activity section.', '[]', true, 'false', 'true'),
  ('section.system', 'boolean', 'Shows the system section (status and announcements).', '[]', true, 'false', 'true'),
  ('actions.ordering', 'string', 'How open action items are ordered: most pressing first (priority-first) or soonest due first (due-first).',
    '["priority-first", "due-first"]', true, '"priority-first"', '"priority-first"');
