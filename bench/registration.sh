#!/usr/bin/env bash
# Registrations for one gathering under a rush: bench/registration.sh
#
#  1. Seeds the demo district (the real `seed-demo` verb) into a throw-away PostgreSQL; then, with the app's own
#     services (Distrikt.Bench.Registration setup), a gathering for all the district's members with BENCH_CAPACITY
#     seats and a deadline next week, five small warm-up gatherings, and sign-in accounts (Identity's UserManager) for
#     BENCH_ACCOUNTS current members with an e-mail address.
#  2. Starts the app (Release, Development environment, demo mode, no SMTP: mail goes to <data>/mail as .eml) and
#     signs every account in through the real e-mail link flow (ask on /logga-in, read the link from the .eml, open
#     it, press the button), with the sign-in rate limit raised for the bench; fetches the gathering's page for the
#     antiforgery token; a fifth of them register for each warm-up gathering, 32 at a time (the last three after a
#     minute's pause, so that the cookie's security stamp is checked again, as it is for most members in the rush).
#  3. Fires one registration POST per account (/traffar/{id}?handler=Register) over loopback, spread evenly over
#     BENCH_REG_SECONDS (open loop: member i is sent at i × seconds/N whatever the others wait for; latency counts
#     from that planned moment), then checks in the database: one registration per member, none lost or twice,
#     seats = min(capacity, N), the rest waiting, and every answer a redirect that agrees. Target: p99 < 200 ms.
#
# Everything runs on 127.0.0.1 against a throw-away PostgreSQL and temp folders and stops by itself (about 4 minutes).
# Tunables: BENCH_MEMBERS (10000 seeded), BENCH_ACCOUNTS (2000), BENCH_CAPACITY (500), BENCH_REG_SECONDS (10),
# BENCH_MAX_CONNECTIONS (256), BENCH_ARTIFACTS (bench/.artifacts: where the Release build goes).
# Exit code 0 when the target is met and the counts are right, 1 when not, 2 when the benchmark itself could not run.
set -uo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

MEMBERS=${BENCH_MEMBERS:-10000}
ACCOUNTS=${BENCH_ACCOUNTS:-2000}
CAPACITY=${BENCH_CAPACITY:-500}
REG_SECONDS=${BENCH_REG_SECONDS:-10}
MAX_CONNECTIONS=${BENCH_MAX_CONNECTIONS:-256}
ART=${BENCH_ARTIFACTS:-$BENCH/.artifacts}

require_tools
WORK=$(mktemp -d /tmp/distrikt-bench-registration.XXXXXX)
PIDS=()
cleanup() { stop_servers; stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Distrikt registration benchmark $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $(git -C "$BENCH" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$BENCH/.." status --porcelain -- src 2>/dev/null | grep -q . && echo ' with uncommitted changes in src/')"

log "Building (Release) into $ART"
dotnet build "$BENCH/Distrikt.Bench.Registration" -c Release --artifacts-path "$ART" -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "the build failed"; }
APP_DIR="$ART/bin/Distrikt/release"
TOOL_DIR="$ART/bin/Distrikt.Bench.Registration/release"
[ -f "$APP_DIR/Distrikt.dll" ] && [ -f "$TOOL_DIR/Distrikt.Bench.Registration.dll" ] || die "build output missing under $ART/bin"

start_postgres bench_registration
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT; seeding $MEMBERS members"
DB_ENV=(Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN" Logging__LogLevel__Default=Warning)
(cd "$APP_DIR" && env ASPNETCORE_ENVIRONMENT=Production "Distrikt__DataDirectory=$WORK/data-seed" "${DB_ENV[@]}" \
   dotnet Distrikt.dll seed-demo --members "$MEMBERS") >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log" >&2; die "seed-demo failed"; }
(cd "$TOOL_DIR" && env ASPNETCORE_ENVIRONMENT=Development "Distrikt__DataDirectory=$WORK/data-setup" "${DB_ENV[@]}" \
   dotnet Distrikt.Bench.Registration.dll setup "$ACCOUNTS" "$CAPACITY" "$WORK/emails.txt") || die "setup failed"
psql_q "create extension if not exists pg_stat_statements" >/dev/null
psql_q "vacuum analyze" >/dev/null

PORT=$(free_port)
APP_ENV=(ASPNETCORE_ENVIRONMENT=Development Distrikt__DemoMode=true Distrikt__DataDirectory="$WORK/data-web" "${DB_ENV[@]}"
  Distrikt__SignIn__AttemptsPerMinute=1000000)
log "Starting the app (Release) on 127.0.0.1:$PORT"
start_server "$APP_DIR" Distrikt.dll "$PORT" "$WORK/app.log"; APP_PID=$SERVER_PID

log "$ACCOUNTS members sign in, then register for the same gathering within $REG_SECONDS s (capacity $CAPACITY)"
echo "load average before the run: $(load_now)"
(cd "$TOOL_DIR" && env ASPNETCORE_ENVIRONMENT=Development "Distrikt__DataDirectory=$WORK/data-setup" "${DB_ENV[@]}" \
   BENCH_APP_PID="$APP_PID" BENCH_PG_PID="$PG_POSTMASTER" BENCH_CLK_TCK="$(getconf CLK_TCK)" \
   dotnet Distrikt.Bench.Registration.dll run "http://127.0.0.1:$PORT" "$WORK/emails.txt" "$WORK/data-web/mail" "$REG_SECONDS" "$MAX_CONNECTIONS")
rc=$?
echo "load average after the run: $(load_now)"
echo "PostgreSQL during the rush: $(psql_q "select format('%s statements (%s per registration)', sum(calls), round(sum(calls) / $ACCOUNTS.0, 1))
        from pg_stat_statements where dbid = (select oid from pg_database where datname = '$PG_DB')"); the five that took the most time:"
psql_q "select format('  %s ms total, %s ms mean, %s calls: %s', round(total_exec_time::numeric), round(mean_exec_time::numeric, 2), calls, left(regexp_replace(query, '\s+', ' ', 'g'), 100))
        from pg_stat_statements where dbid = (select oid from pg_database where datname = '$PG_DB') order by total_exec_time desc limit 5"
grep -E "fail|Exception" "$WORK/app.log" | head -n 5
case $rc in
  0) exit 0 ;;
  1) exit 1 ;;
  3) echo "registrations lost, doubled or answered wrong (see above)"; exit 1 ;;
  *) die "the load client failed" ;;
esac
