#!/bin/bash
# A streaming replica of postgres-primary: on first start, copy the primary
# with pg_basebackup -R (which writes standby.signal and primary_conninfo),
# then run PostgreSQL as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  until pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" -R -X stream -P; do
    echo "waiting for the primary"; sleep 2; rm -rf "${PGDATA:?}"/*
  done
fi
exec postgres -c hot_standby=on
