#!/usr/bin/env bash
# Distrikt's benchmarks, one command: bench/run.sh
#
#  1. `seed-demo --members 100000` with the real CLI verb against a fresh SQLite file and a fresh PostgreSQL
#     database; target under 30 s each (wall time of the whole verb, migrations included).
#  2. The start page of the demo district's staff member (100,000 members, PostgreSQL) under wrk over loopback
#     at 16 connections, and the same database work in a bare minimal-API endpoint (Distrikt.Bench.Bare);
#     targets: page/bare requests per second >= 0.5, page p99 < 50 ms.
#  3. A summary table with PASS/MISS per target.
#
# Everything runs on 127.0.0.1 against a throw-away PostgreSQL and temp folders, and stops by itself
# (about 4-5 minutes). Tunables: BENCH_MEMBERS (100000), BENCH_SECONDS (20 per wrk run), BENCH_CONNECTIONS (16).
# Exit code 0 when every target is met, 1 when one is missed, 2 when the benchmark itself could not run.
set -uo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
ROOT=$(cd .. && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

MEMBERS=${BENCH_MEMBERS:-100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
WARMUP_SECONDS=5
SEED_TARGET_S=30
RATIO_TARGET=0.5
P99_TARGET_MS=50

log() { printf '\n== %s\n' "$*"; }
die() { echo "bench: $*" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
calc() { python3 -c "print($1)"; }

command -v wrk >/dev/null 2>&1 || die "wrk saknas: apt-get install -y wrk"
command -v python3 >/dev/null 2>&1 || die "python3 saknas"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || die "PostgreSQL saknas: apt-get install -y postgresql"

WORK=$(mktemp -d /tmp/distrikt-bench.XXXXXX)
PGDIR=$(mktemp -d /tmp/distrikt-bench-pg.XXXXXX)
APP_PID=""
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
stop_app() { if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; APP_PID=""; fi; }
cleanup() {
  stop_app
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PGDIR" "$WORK"
}
trap cleanup EXIT

echo "Distrikt benchmark $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- Build (Release, into bench/.artifacts so parallel builds elsewhere are not disturbed) ---------------------
log "Building (Release)"
ART="$BENCH/.artifacts"
dotnet build "$BENCH/Distrikt.Bench.Bare" -c Release --artifacts-path "$ART" -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "the build failed"; }
APP_DIR="$ART/bin/Distrikt/release"
BARE_DIR="$ART/bin/Distrikt.Bench.Bare/release"
[ -f "$APP_DIR/Distrikt.dll" ] && [ -f "$BARE_DIR/Distrikt.Bench.Bare.dll" ] || die "build output missing under $ART/bin"

# --- A throw-away PostgreSQL with default durability (fsync on), as production would run ----------------------
PGPORT=$(free_port)
log "Starting PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null || die "initdb failed"
as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" start >/dev/null \
  || { cat "$PGDIR/server.log" >&2; die "PostgreSQL did not start"; }
PG_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=bench_seed"
psql_q() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d bench_seed -XAtqc "$1"; }
PG_POSTMASTER=$(head -n 1 "$PGDIR/data/postmaster.pid")

# --- 1. seed-demo ------------------------------------------------------------------------------------------------
# The verb as an operator runs it: Production (demo mode off for verbs; seed-demo seeds regardless).
seed() { # label, extra env...
  local label=$1; shift
  local out="$WORK/seed-$label.log" start end
  start=$(now)
  (cd "$APP_DIR" && env ASPNETCORE_ENVIRONMENT=Production "Distrikt__DataDirectory=$WORK/data-$label" "$@" \
     dotnet Distrikt.dll seed-demo --members "$MEMBERS") >"$out" 2>&1
  local rc=$?
  end=$(now)
  if [ $rc -ne 0 ]; then cat "$out" >&2; die "seed-demo on $label failed (exit $rc)"; fi
  calc "round($end - $start, 1)"
}

log "seed-demo --members $MEMBERS on SQLite (fresh file)"
SEED_SQLITE=$(seed sqlite) || exit 2
echo "wall time: $SEED_SQLITE s   (the verb's own report: $(grep -o 'på [0-9,.]* s' "$WORK/seed-sqlite.log" | tail -n1))"

log "seed-demo --members $MEMBERS on PostgreSQL (fresh database bench_seed)"
SEED_PG=$(seed postgres Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN") || exit 2
echo "wall time: $SEED_PG s   (the verb's own report: $(grep -o 'på [0-9,.]* s' "$WORK/seed-postgres.log" | tail -n1))"
echo "rows: $(psql_q "select (select count(*) from people) || ' people, ' || (select count(*) from memberships) || ' memberships'")"
psql_q "create extension if not exists pg_stat_statements" >/dev/null

# --- 2. Start page vs bare endpoint ------------------------------------------------------------------------------
# Both processes get the same configuration; the seeded database already holds the demo accounts.
APP_ENV=(ASPNETCORE_ENVIRONMENT=Development Distrikt__DemoMode=true Distrikt__DataDirectory="$WORK/data-web"
  Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN"
  Distrikt__SignIn__AttemptsPerMinute=1000000 Logging__LogLevel__Default=Warning)

start_server() { # dir, dll, port, log
  (cd "$1" && exec env "${APP_ENV[@]}" dotnet "$2" --urls "http://127.0.0.1:$3") >"$4" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$3/" && return 0
    kill -0 "$APP_PID" 2>/dev/null || { cat "$4" >&2; die "$2 exited during start"; }
    sleep 0.5
  done
  cat "$4" >&2; die "$2 did not answer within 60 s"
}

audit_views() { psql_q "select count(*) from audit_log where \"SubjectType\" = 'Startsida'"; }

# CPU time in clock ticks: the app process, all PostgreSQL backends, and the whole machine (busy, total).
cpu_ticks() {
  local app pg
  app=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
  pg=$(for p in $(pgrep -P "$PG_POSTMASTER"); do cat "/proc/$p/stat" 2>/dev/null; done | awk '{s += $14 + $15} END {print s + 0}')
  echo "$app $pg $(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)"
}

# Runs wrk (after a warm-up) and sets RPS, P99_MS, P50_MS, REQUESTS, ERRORS; prints wrk's own output.
measure() { # label, url, extra wrk args...
  local label=$1 url=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "$@" "$url" >/dev/null
  local before; before=$(audit_views)
  psql_q "select pg_stat_statements_reset()" >/dev/null
  local cpu_before; cpu_before=$(cpu_ticks)
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" | tee "$WORK/wrk-$label.txt"
  local cpu_after; cpu_after=$(cpu_ticks)
  local after; after=$(audit_views)
  read -r RPS P50_MS P99_MS REQUESTS ERRORS < <(python3 - "$WORK/wrk-$label.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(*re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M).groups())
p99 = ms(*re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M).groups())
requests = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*?connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
bad = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in errors.groups()) if errors else 0)
print(f"{rps:.1f} {p50:.2f} {p99:.2f} {requests} {bad}")
EOF
  )
  # Every rendered start page appends one audit entry: a check that wrk measured pages, not redirects.
  echo "audit entries written during the run: $((after - before)) (wrk completed $REQUESTS; errors/non-2xx: $ERRORS)"
  if [ "$ERRORS" -gt 0 ] || [ $((after - before)) -lt "$REQUESTS" ]; then die "$label: not every request rendered the page"; fi
  # CPU per request says where the time goes even when other work shares the machine.
  read -r APP_CPU_MS PG_CPU_MS OTHERS_PCT < <(python3 -c '
import sys
n, hz = int(sys.argv[1]), int(sys.argv[2])
a0, p0, busy0, all0, a1, p1, busy1, all1 = map(int, sys.argv[3:])
others = 100 * ((busy1 - busy0) - (a1 - a0) - (p1 - p0)) / max(1, all1 - all0)
print(f"{(a1 - a0) * 1000 / hz / n:.1f} {(p1 - p0) * 1000 / hz / n:.1f} {others:.0f}")
' "$REQUESTS" "$(getconf CLK_TCK)" $cpu_before $cpu_after)
  echo "CPU per request: app $APP_CPU_MS ms, PostgreSQL $PG_CPU_MS ms; everything else on the machine (wrk included) used $OTHERS_PCT% of its CPU"
  echo "PostgreSQL statements by total time during the run:"
  psql_q "select format('  %s ms total, %s calls, %s ms mean: %s', round(total_exec_time::numeric), calls, round(mean_exec_time::numeric, 2),
                 left(regexp_replace(query, '\s+', ' ', 'g'), 110))
          from pg_stat_statements where dbid = (select oid from pg_database where datname = 'bench_seed')
          order by total_exec_time desc limit 3"
}

PORT=$(free_port)
log "Start page (Razor Pages app, Release) on 127.0.0.1:$PORT"
start_server "$APP_DIR" Distrikt.dll "$PORT" "$WORK/app.log"
JAR="$WORK/cookies.txt"
curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/logga-in" >"$WORK/signin.html" || die "GET /logga-in failed"
TOKEN=$(python3 - "$WORK/signin.html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for form in re.findall(r"<form\b.*?</form>", html, re.S):
    if 'value="ombudsman@demo.distrikt.test"' in form:
        print(re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', form).group(1))
EOF
)
[ -n "$TOKEN" ] || die "no demo sign-in form for ombudsman@demo.distrikt.test on /logga-in (is demo mode on?)"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
  --data-urlencode email=ombudsman@demo.distrikt.test --data-urlencode "__RequestVerificationToken=$TOKEN" \
  "http://127.0.0.1:$PORT/logga-in?handler=Demo")
[ "$STATUS" = 302 ] || die "demo sign-in answered $STATUS, expected 302"
# Every cookie the browser would now send (the auth cookie "distrikt", chunked or not, and the antiforgery one).
COOKIE=$(awk -F'\t' 'NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")
grep -q $'\tdistrikt\t' "$JAR" || die "no auth cookie after sign-in"
curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/" >"$WORK/page.html"
grep -q 'Hej Maria' "$WORK/page.html" && grep -q 'Vänsterpartiet Tierp' "$WORK/page.html" \
  || die "the signed-in start page does not show the staff overview"
echo "signed in as ombudsman@demo.distrikt.test; page is $(wc -c <"$WORK/page.html") bytes"
# The cookie's security stamp is re-validated after 1 minute and then re-issued; wrk would keep the old one,
# so the sign-in above is kept within a minute of the end of the measurement (5 s warm-up + the run).
measure page "http://127.0.0.1:$PORT/" -H "Cookie: $COOKIE"
PAGE_RPS=$RPS PAGE_P50=$P50_MS PAGE_P99=$P99_MS PAGE_CPU="$APP_CPU_MS+$PG_CPU_MS" PAGE_OTHERS=$OTHERS_PCT
stop_app

PORT=$(free_port)
log "Bare endpoint (minimal API, same queries, HTML by hand) on 127.0.0.1:$PORT"
start_server "$BARE_DIR" Distrikt.Bench.Bare.dll "$PORT" "$WORK/bare.log"
curl -s "http://127.0.0.1:$PORT/" >"$WORK/bare.html"
grep -q 'Vänsterpartiet Tierp' "$WORK/bare.html" || die "the bare endpoint did not answer with the overview"
echo "page is $(wc -c <"$WORK/bare.html") bytes"
measure bare "http://127.0.0.1:$PORT/"
BARE_RPS=$RPS BARE_P50=$P50_MS BARE_P99=$P99_MS BARE_CPU="$APP_CPU_MS+$PG_CPU_MS" BARE_OTHERS=$OTHERS_PCT
stop_app

# --- 3. Summary --------------------------------------------------------------------------------------------------
log "Summary ($MEMBERS members, $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s; other processes used $PAGE_OTHERS% / $BARE_OTHERS% of the CPU during the page / bare runs)"
python3 - "$SEED_SQLITE" "$SEED_PG" "$PAGE_RPS" "$PAGE_P50" "$PAGE_P99" "$BARE_RPS" "$BARE_P50" "$BARE_P99" \
  "$SEED_TARGET_S" "$RATIO_TARGET" "$P99_TARGET_MS" "$PAGE_CPU" "$BARE_CPU" <<'EOF'
import sys
seed_sqlite, seed_pg, page_rps, page_p50, page_p99, bare_rps, bare_p50, bare_p99, seed_t, ratio_t, p99_t = map(float, sys.argv[1:12])
page_cpu, bare_cpu = (tuple(map(float, v.split("+"))) for v in sys.argv[12:14])
page_ratio = page_rps / bare_rps
# figure/target; for "under" targets a value <= 1 passes, for "at least" targets a value >= 1 passes.
rows = [
    ("seed-demo, SQLite",               f"{seed_sqlite:.1f} s",   f"< {seed_t:.0f} s",    seed_sqlite / seed_t, seed_sqlite < seed_t),
    ("seed-demo, PostgreSQL",           f"{seed_pg:.1f} s",       f"< {seed_t:.0f} s",    seed_pg / seed_t,     seed_pg < seed_t),
    ("start page, requests/s",          f"{page_rps:.0f}/s",      "",                     None,                 None),
    ("bare endpoint, requests/s",       f"{bare_rps:.0f}/s",      "",                     None,                 None),
    ("start page / bare, requests/s",   f"{page_ratio:.2f}",      f">= {ratio_t}",        page_ratio / ratio_t, page_ratio >= ratio_t),
    ("start page, p99 latency",         f"{page_p99:.1f} ms",     f"< {p99_t:.0f} ms",    page_p99 / p99_t,     page_p99 < p99_t),
    ("start page, p50 latency",         f"{page_p50:.1f} ms",     "",                     None,                 None),
    ("bare endpoint, p99 / p50",        f"{bare_p99:.1f} / {bare_p50:.1f} ms", "",        None,                 None),
    ("start page, CPU per request",     f"{page_cpu[0]:.1f} app + {page_cpu[1]:.1f} db ms", "", None,           None),
    ("bare endpoint, CPU per request",  f"{bare_cpu[0]:.1f} app + {bare_cpu[1]:.1f} db ms", "", None,           None),
]
w = [32, 24, 10, 13, 6]
head = ("benchmark", "figure", "target", "figure/target", "result")
print("  ".join(h.ljust(n) for h, n in zip(head, w)))
print("  ".join("-" * n for n in w))
for name, fig, target, ratio, ok in rows:
    print("  ".join([name.ljust(w[0]), fig.ljust(w[1]), target.ljust(w[2]),
                     ("" if ratio is None else f"{ratio:.2f}").ljust(w[3]), "" if ok is None else ("PASS" if ok else "MISS")]))
missed = sum(1 for r in rows if r[4] is False)
print(f"\n{'All targets met.' if missed == 0 else f'{missed} target(s) missed.'}")
sys.exit(1 if missed else 0)
EOF
