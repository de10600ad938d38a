#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on loopback: installs the server if missing, initdb's a temporary cluster,
# starts it on a free port, exports SIG_TEST_POSTGRES_URL (the owner's address), runs "$@", and always tears it down.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/postgres" ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
dir=$(mktemp -d -t sig-pg.XXXXXX)
run_as=()
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; run_as=(runuser -u postgres --); fi   # initdb refuses root
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { "${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
# The owner of the test database logs in with a password (scram), as on a host; the superuser only over the socket.
"${run_as[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
# Test settings: loopback only, socket in the temp folder, no fsync (a crash loses only test data).
"${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
# A database owned by a role that is no superuser and may create roles (what a host gives its administrator).
"${run_as[@]}" "$pgbin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL >/dev/null
CREATE ROLE sig_owner LOGIN CREATEROLE PASSWORD 'owner-test-pw';
CREATE DATABASE sig_test OWNER sig_owner;
CREATE DATABASE sig_migrate OWNER sig_owner;
CREATE ROLE sig_bypass_test LOGIN BYPASSRLS PASSWORD 'bypass-test-pw';
SQL
export SIG_TEST_POSTGRES_URL="postgres://sig_owner:owner-test-pw@127.0.0.1:$port/sig_test"
# A second database for the migration test (a schema of an older version is installed there and migrated).
export SIG_TEST_POSTGRES_MIGRATE_URL="postgres://sig_owner:owner-test-pw@127.0.0.1:$port/sig_migrate"
# A role that row-level security does not bind (BYPASSRLS, which only a superuser can give): the programs must refuse it.
export SIG_TEST_POSTGRES_BYPASS_URL="postgres://sig_bypass_test:bypass-test-pw@127.0.0.1:$port/sig_test"
"$@"
