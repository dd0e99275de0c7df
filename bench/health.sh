#!/usr/bin/env bash
# Föreningarnas läge and the care queues at district scale: bench/health.sh
#
#  1. Seeds the demo district with 100,000 members (the real `seed-demo` verb) into a throw-away PostgreSQL.
#  2. Signs in as the district's staff member and times single requests, one at a time (median of 15 after 3
#     unmeasured): föreningarnas läge, the care overview of the district, the largest queue's first page and its
#     CSV export, and one association's overview.
#  3. Prints the statements that took the most time (pg_stat_statements) and a PASS/MISS against the target:
#     föreningarnas läge answers in under 250 ms (median).
#
# Everything runs on 127.0.0.1 against a throw-away PostgreSQL and temp folders, and stops by itself (about
# 2 minutes). Tunables: BENCH_MEMBERS (100000), BENCH_ARTIFACTS (bench/.artifacts: where the Release build goes).
# Exit code 0 when the target is met, 1 when it is missed, 2 when the benchmark itself could not run.
set -uo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

MEMBERS=${BENCH_MEMBERS:-100000}
ART=${BENCH_ARTIFACTS:-$BENCH/.artifacts}
TARGET_MS=250

require_tools
WORK=$(mktemp -d /tmp/distrikt-bench-health.XXXXXX)
PIDS=()
cleanup() { stop_servers; stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Distrikt health view benchmark $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git -C "$BENCH" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$BENCH/.." status --porcelain -- src 2>/dev/null | grep -q . && echo ' with uncommitted changes in src/')"

log "Building (Release) into $ART"
dotnet build "$BENCH/../src/Distrikt" -c Release --artifacts-path "$ART" -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "the build failed"; }
APP_DIR="$ART/bin/Distrikt/release"
[ -f "$APP_DIR/Distrikt.dll" ] || die "build output missing under $ART/bin"

start_postgres bench_health
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT; seeding $MEMBERS members"
start=$(date +%s.%N)
(cd "$APP_DIR" && env ASPNETCORE_ENVIRONMENT=Production "Distrikt__DataDirectory=$WORK/data-seed" \
   Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN" \
   dotnet Distrikt.dll seed-demo --members "$MEMBERS") >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; die "seed-demo failed"; }
echo "seeded in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s: $(psql_q "select (select count(*) from people) || ' people, ' || (select count(*) from memberships) || ' memberships, ' || (select count(*) from care_steps) || ' care steps'")"
psql_q "create extension if not exists pg_stat_statements" >/dev/null
# Right after a bulk load autovacuum may not have run yet; a server that has been up for a while has its statistics.
psql_q "vacuum analyze" >/dev/null

APP_ENV=(ASPNETCORE_ENVIRONMENT=Development Distrikt__DemoMode=true Distrikt__DataDirectory="$WORK/data-web"
  Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN"
  Distrikt__SignIn__AttemptsPerMinute=1000000 Logging__LogLevel__Default=Warning)
PORT=$(free_port)
log "Starting the app (Razor Pages, Release) on 127.0.0.1:$PORT"
start_server "$APP_DIR" Distrikt.dll "$PORT" "$WORK/app.log"
sign_in "$PORT"

DISTRICT=$(psql_q "select \"Id\" from units where \"Kind\" = 1 order by \"CreatedAt\" limit 1")
UPPSALA=$(psql_q "select \"Id\" from units where \"Name\" = 'Vänsterpartiet Uppsala'")
BASE="http://127.0.0.1:$PORT/enheter"

log "Single requests, one at a time (median of 15, after 3 unmeasured)"
psql_q "select pg_stat_statements_reset()" >/dev/null
single() { # label, url, what must be in the answer
  local times=()
  for i in $(seq 1 18); do
    t=$(curl -s -o "$WORK/single.out" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" "$2")
    [ "${t%% *}" = 200 ] || die "$1 answered ${t%% *}"
    grep -q "$3" "$WORK/single.out" || die "$1 did not render (no '$3' in the answer)"
    [ "$i" -gt 3 ] && times+=("${t#* }")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] * 1000}')
  printf '%-52s %7.1f ms  (%s bytes)\n' "$1" "$median" "$(wc -c <"$WORK/single.out")"
  echo "$1|$median" >>"$WORK/singles.txt"
}
single "föreningarnas läge, district" "$BASE/$DISTRICT/foreningslage" "health-card"
single "föreningarnas läge, sorted by problems" "$BASE/$DISTRICT/foreningslage?sortera=problem" "health-card"
single "care overview, district" "$BASE/$DISTRICT/medlemsvard" "care-table"
single "care overview, association Uppsala" "$BASE/$UPPSALA/medlemsvard" "care-queue"
single "queue obetald-avgift, district, page 1" "$BASE/$DISTRICT/medlemsvard/obetald-avgift" "care-person"
single "queue nya, district, page 1" "$BASE/$DISTRICT/medlemsvard/nya" "care-person"
single "queue obetald-avgift, district, CSV export" "$BASE/$DISTRICT/medlemsvard/obetald-avgift?handler=Csv" "Efternamn"
echo "queue sizes in the district: $(curl -s -H "Cookie: $COOKIE" "$BASE/$DISTRICT/medlemsvard" | python3 -c "import re,sys; t=sys.stdin.read(); print(', '.join(re.sub(r'&#xA0;|\s', '', n) + ' ' + l for n, l in re.findall(r'care-count\">([^<]+)</span>\s*<span class=\"care-label\">([^<]+)<', t)))")"

log "Statements that took the most time in all of the above"
psql_q "select format('  %s ms mean, %s calls: %s', round(mean_exec_time::numeric, 2), calls, left(regexp_replace(query, '\s+', ' ', 'g'), 140))
        from pg_stat_statements where dbid = (select oid from pg_database where datname = '$PG_DB')
        order by total_exec_time desc limit 6"

log "Summary ($MEMBERS members, $(nproc) cores, load average now $(load_now))"
health=$(grep '^föreningarnas läge, district|' "$WORK/singles.txt" | cut -d'|' -f2)
if python3 -c "import sys; sys.exit(0 if $health < $TARGET_MS else 1)"; then
  echo "föreningarnas läge: $health ms median, target < $TARGET_MS ms: PASS"
else
  echo "föreningarnas läge: $health ms median, target < $TARGET_MS ms: MISS"
  exit 1
fi
