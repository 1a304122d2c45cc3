#!/bin/bash
# Run by the official postgres image from /docker-entrypoint-initdb.d, once only: on the first start
# of an EMPTY data volume (it is skipped when the volume already holds a database). It is executed
# when it has its executable bit and sourced otherwise, so it changes no shell option but `-e`.
#
# One PostgreSQL server, three databases, two unprivileged roles:
#   temporal -> owns `temporal` and `temporal_visibility` (Temporal's schema job fills them)
#   ctg      -> owns `ctg` (the application's own migrations fill it); CREATEROLE so that they can
#               create `ctg_app`, the role the API and the workers work as (docs/threat-model.md)
# Each database is closed to PUBLIC, so neither role can connect to the other's databases.
set -e

if [ -z "${TEMPORAL_DB_PASSWORD:-}" ] || [ -z "${CTG_DB_PASSWORD:-}" ]; then
  echo "10-roles-and-databases.sh: TEMPORAL_DB_PASSWORD and CTG_DB_PASSWORD must be set" >&2
  exit 1
fi

# The passwords go in as psql variables (:'name' quotes them as literals), never spliced into SQL.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  --set=temporal_password="$TEMPORAL_DB_PASSWORD" \
  --set=ctg_password="$CTG_DB_PASSWORD" <<-'EOSQL'
	CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
	CREATE DATABASE temporal OWNER temporal;
	CREATE DATABASE temporal_visibility OWNER temporal;

	CREATE ROLE ctg LOGIN CREATEROLE PASSWORD :'ctg_password';
	CREATE DATABASE ctg OWNER ctg;

	REVOKE ALL ON DATABASE temporal, temporal_visibility, ctg FROM PUBLIC;

	-- Temporal's visibility schema (postgres12) wants btree_gin; create it here as superuser so the
	-- schema job, which only creates it when missing, needs no extra privilege.
	\connect temporal_visibility
	CREATE EXTENSION IF NOT EXISTS btree_gin;
EOSQL
