#!/bin/sh
# Creates the runtime role jit-broker connects as (see README, "Two database roles").
# Runs once, when the Postgres container initializes its data directory.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$JIT_APP_PASSWORD" <<'SQL'
CREATE ROLE jit_app LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE jitbroker TO jit_app;
SQL
