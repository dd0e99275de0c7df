#!/usr/bin/env bash
# Runs every test: unit and integration on SQLite, integration again on a throw-away PostgreSQL, and the
# browser tests in headless Chromium. Installs what it needs (Debian's postgresql and chromium) when missing.
# Ends with one line: "Tests: N passed, M failed" (", K skipped" when any were skipped).
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# --- 1. What the tests need ------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installerar ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "Kör som root, eller installera: apt-get install ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "Installationen misslyckades" >&2; exit 1; }
fi

# --- 2. A throw-away PostgreSQL, as the postgres user, on a free loopback port ----------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/distrikt-pg.XXXXXX)
free_port() { # a port nothing listens on: a connection to it is refused
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  return 1
}
PGPORT=$(free_port)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
stop_pg() { as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap stop_pg EXIT
log "Startar PostgreSQL på 127.0.0.1:$PGPORT"
as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null || { echo "initdb misslyckades" >&2; exit 1; }
as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$PGDIR/server.log" >&2; exit 1; }
PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=40"

# --- 3. Build once ---------------------------------------------------------------------------------
log "Bygger"
dotnet build Distrikt.slnx -c Release -nologo -v quiet || { echo "Tests: 0 passed, 1 failed"; exit 1; }

RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
run() { # name, project, filter, env...
  local name=$1 project=$2 filter=$3; shift 3
  log "Kör $name"
  env "$@" dotnet test "$project" -c Release --no-build --nologo \
    ${filter:+--filter "$filter"} --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS" 2>&1 | grep -E -A2 '^\s*(Failed|Skipped) Distrikt\.|Error Message|^\s+at Distrikt|Total tests|Passed!|Failed!|error CS|error MSB' || true
}

run unit-and-sqlite tests/Distrikt.Tests "" DISTRIKT_TEST_DB=sqlite
run postgres tests/Distrikt.Tests "Category=Integration" DISTRIKT_TEST_DB=postgres "DISTRIKT_TEST_PG=$PG"
if [ -d tests/Distrikt.BrowserTests ]; then
  run browser tests/Distrikt.BrowserTests "" DISTRIKT_TEST_DB=sqlite
fi

# --- 4. One line with the sum of every run -----------------------------------------------------------
passed=0; failed=0; skipped=0; files=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); p=${p:-0}
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p'); f=${f:-0}
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p'); e=${e:-0}
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p'); t=${t:-0}
  x=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p'); x=${x:-0}
  passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + t - x))
done
expected=2; [ -d tests/Distrikt.BrowserTests ] && expected=3
# A run that crashed leaves no results: count it as a failure rather than pass silently.
[ "$files" -lt "$expected" ] && failed=$((failed + expected - files))
line="Tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
