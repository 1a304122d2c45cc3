#!/bin/sh
# One-shot job in temporalio/admin-tools (compose service `temporal-schema`): brings Temporal's two
# PostgreSQL databases, created empty by docker/postgres-init, to the schema of the pinned Temporal
# version. Safe to run on every `docker compose up`: setup-schema keeps an existing version and
# update-schema only applies the versions not yet applied.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${POSTGRES_PWD:?POSTGRES_PWD is required}"
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
# The admin-tools image keeps the schema here; `npm run bench` runs this script outside Docker with its own.
SCHEMA_DIR="${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

# temporal-sql-tool reads the password from SQL_PASSWORD.
SQL_PASSWORD="$POSTGRES_PWD"
export SQL_PASSWORD

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

echo "Temporal schema: database ${DBNAME}"
sql_tool --db "$DBNAME" setup-schema -v 0.0
sql_tool --db "$DBNAME" update-schema -d "$SCHEMA_DIR/temporal/versioned"

echo "Temporal schema: database ${VISIBILITY_DBNAME}"
sql_tool --db "$VISIBILITY_DBNAME" setup-schema -v 0.0
sql_tool --db "$VISIBILITY_DBNAME" update-schema -d "$SCHEMA_DIR/visibility/versioned"

echo "Temporal schema: up to date"
