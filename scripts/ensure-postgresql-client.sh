#!/usr/bin/env bash
# `npm run record -- backup/restore` and the restore drill run PostgreSQL's own pg_dump and
# pg_restore (Debian's postgresql-client): of the server's major version or newer (the embedded
# server is 15, Debian 12's client too). PG_BIN_DIR names another folder holding them.
set -euo pipefail
bin="${PG_BIN_DIR:-}"
if [ -n "$bin" ] && [ -x "$bin/pg_dump" ] && [ -x "$bin/pg_restore" ]; then exit 0; fi
if [ -z "$bin" ] && command -v pg_dump >/dev/null && command -v pg_restore >/dev/null; then exit 0; fi
if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's postgresql-client for the restore drill…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
  exit 0
fi
echo "The restore drill needs pg_dump and pg_restore${bin:+ in PG_BIN_DIR ($bin)}: sudo apt-get install postgresql-client" >&2
exit 1
