#!/bin/sh
# First start on an empty volume: initdb with POSTGRES_USER as the superuser
# (password POSTGRES_PASSWORD, scram-sha-256 over the network), the database
# POSTGRES_DB, and listening on every interface of the container network.
set -eu
: "${POSTGRES_USER:?set POSTGRES_USER}" "${POSTGRES_DB:?set POSTGRES_DB}" "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -w -o "-c listen_addresses=''" start >/dev/null
  psql -v ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname=postgres -q \
    -c "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$POSTGRES_USER\"" 2>/dev/null || true
  pg_ctl -w -m fast stop >/dev/null
  echo "Initialised $PGDATA with database $POSTGRES_DB"
fi
if [ "$1" = postgres ]; then
  shift
  exec postgres -c listen_addresses='*' -c log_destination=stderr "$@"
fi
exec "$@"
