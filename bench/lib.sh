# Shell functions shared by the benchmarks (sourced, not run): bench/run.sh, bench/member-list.sh and
# bench/import.sh use them. Callers set WORK (a temp folder) before using them, and PIDS (an array)
# to have servers stopped at exit.

log() { printf '\n== %s\n' "$*"; }
die() { echo "bench: $*" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
load_now() { cut -d' ' -f1 /proc/loadavg; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Checks for what every benchmark needs; sets PGBIN.
require_tools() {
  command -v wrk >/dev/null 2>&1 || die "wrk is missing: apt-get install -y wrk"
  command -v curl >/dev/null 2>&1 || die "curl is missing: apt-get install -y curl"
  command -v python3 >/dev/null 2>&1 || die "python3 is missing"
  [ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PGBIN" ] || die "PostgreSQL is missing: apt-get install -y postgresql"
}

# A throw-away PostgreSQL on 127.0.0.1 with default durability (fsync on), as production would run, and
# pg_stat_statements loaded. Sets PGDIR, PGPORT, PG_POSTMASTER; stop_postgres removes it again.
start_postgres() { # database name
  PGDIR=$(mktemp -d /tmp/distrikt-bench-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
  PGPORT=$(free_port)
  PG_DB=$1
  as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null || die "initdb failed"
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" start >/dev/null \
    || { cat "$PGDIR/server.log" >&2; die "PostgreSQL did not start"; }
  PG_POSTMASTER=$(head -n 1 "$PGDIR/data/postmaster.pid")
  PG_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$PG_DB"
}

stop_postgres() {
  [ -n "${PGDIR:-}" ] || return 0
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PGDIR"
}

psql_q() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PG_DB" -XAtqc "$1"; }

stop_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
}

# Starts dotnet <dll> from <dir> with the environment in APP_ENV (an array) and waits until it answers; sets SERVER_PID.
start_server() { # dir, dll, port, log
  (cd "$1" && exec env "${APP_ENV[@]}" dotnet "$2" --urls "http://127.0.0.1:$3") >"$4" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$3/health" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$4" >&2; die "$2 exited during start"; }
    sleep 0.5
  done
  cat "$4" >&2; die "$2 did not answer within 60 s"
}

# Signs in with the demo form for a demo account and sets COOKIE to every cookie a browser would then send
# (the auth cookie "distrikt", chunked or not, and the antiforgery one).
sign_in() { # port, e-mail of a demo account
  local jar token status email=${2:-ombudsman@demo.distrikt.test}
  jar="$WORK/cookies-$(date +%s%N).txt"
  curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/logga-in" >"$WORK/signin.html" || die "GET /logga-in failed"
  token=$(python3 - "$WORK/signin.html" "$email" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for form in re.findall(r"<form\b.*?</form>", html, re.S):
    if f'value="{sys.argv[2]}"' in form:
        print(re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', form).group(1))
EOF
  )
  [ -n "$token" ] || die "no demo sign-in form for $email on /logga-in (is demo mode on?)"
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "email=$email" --data-urlencode "__RequestVerificationToken=$token" \
    "http://127.0.0.1:$1/logga-in?handler=Demo")
  [ "$status" = 302 ] || die "demo sign-in answered $status, expected 302"
  grep -q $'\tdistrikt\t' "$jar" || die "no auth cookie after sign-in"
  COOKIE=$(awk -F'\t' 'NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
}

# CPU time in clock ticks: one process, PostgreSQL, and the whole machine (busy, total). PostgreSQL's is the
# postmaster's own and its live children's, plus what its exited children used (the parallel workers a query
# starts live only as long as the query).
cpu_ticks() { # pid
  local app pg
  app=$(awk '{print $14 + $15}' "/proc/$1/stat")
  pg=$( (awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_POSTMASTER/stat"
         for p in $(pgrep -P "$PG_POSTMASTER"); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done) | awk '{s += $1} END {print s + 0}')
  echo "$app $pg $(awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)"
}

# One round of wrk against one server; appends "label round rps p50 p99 app_cpu pg_cpu others%" to $WORK/rounds.txt.
# AUDIT_COUNT must name a function printing the number of audit entries that one rendered response appends one of:
# a round in which fewer entries were written than requests answered measured redirects or errors and stops the run.
measure() { # label, round, pid, url, extra wrk args...
  local label=$1 round=$2 pid=$3 url=$4; shift 4
  local before after cpu_before cpu_after out="$WORK/wrk-$label-$round.txt"
  before=$($AUDIT_COUNT)
  psql_q "select pg_stat_statements_reset()" >/dev/null
  cpu_before=$(cpu_ticks "$pid")
  /usr/bin/time -f '%U %S' -o "$WORK/wrk-cpu.txt" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --timeout 10s --latency "$@" "$url" >"$out"
  cpu_after=$(cpu_ticks "$pid")
  after=$($AUDIT_COUNT)
  python3 - "$out" "$label" "$round" "$((after - before))" "$(getconf CLK_TCK)" "$(cat "$WORK/wrk-cpu.txt")" $cpu_before $cpu_after >>"$WORK/rounds.txt" <<'EOF' \
    || { cat "$out" >&2; die "$label round $round: not every request rendered the page (see above)"; }
import re, sys
text = open(sys.argv[1]).read()
label, rnd, rendered, hz = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
wrk_ticks = sum(map(float, sys.argv[6].split())) * hz
a0, p0, busy0, all0, a1, p1, busy1, all1 = map(int, sys.argv[7:])
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(*re.search(r"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M).groups())
p99 = ms(*re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M).groups())
n = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
sock = re.search(r"Socket errors:.*?connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if non2xx or sock or rendered < n:
    sys.exit(f"{n} requests, {rendered} pages rendered; {non2xx.group(0) if non2xx else ''} {sock.group(0) if sock else ''}")
# Whatever the machine did besides the server, PostgreSQL and wrk (kernel network work on loopback included).
others = 100 * ((busy1 - busy0) - (a1 - a0) - (p1 - p0) - wrk_ticks) / max(1, all1 - all0)
print(f"{label} {rnd} {rps:.1f} {p50:.1f} {p99:.1f} {(a1 - a0) * 1000 / hz / n:.1f} {(p1 - p0) * 1000 / hz / n:.1f} {others:.0f}")
EOF
  read -r _ _ rps p50 p99 app_cpu pg_cpu others < <(tail -n 1 "$WORK/rounds.txt")
  printf '%-5s round %s: %6s req/s  p50 %7s ms  p99 %7s ms  CPU per request: app %s ms + PostgreSQL %s ms  (others used %s%% of the CPU)\n' \
    "$label" "$round" "$rps" "$p50" "$p99" "$app_cpu" "$pg_cpu" "$others"
  psql_q "select format('        %s ms mean, %s calls: %s', round(mean_exec_time::numeric, 2), calls, left(regexp_replace(query, '\s+', ' ', 'g'), 110))
          from pg_stat_statements where dbid = (select oid from pg_database where datname = '$PG_DB')
          order by total_exec_time desc limit 3"
}
