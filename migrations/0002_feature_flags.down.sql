-- Reverts 0002_feature_flags: drops the flag tables, the audit trigger and its function.
SET lock_timeout = '5s';
SET statement_timeout = '60s';

DROP TABLE IF EXISTS feature_flag_audit;
DROP FUNCTION IF EXISTS feature_flag_audit_append_only();
DROP TABLE IF EXISTS feature_flags;
