#!/usr/bin/env bash
# The register import benchmark: bench/import.sh (also run by bench/run.sh).
#
# A generated export of BENCH_IMPORT_ROWS (100,000) fictional members — semicolon CSV, UTF-8 with BOM, Swedish
# headers, valid personnummer, phone numbers and Uppsala county postal codes (bench/make-export.py) — is imported
# with the real CLI verb `members import` into the demo district (seeded with no members), first into an empty
# register and then again with 1 % of the rows changed, on SQLite and on PostgreSQL.
# Reported: rows per second over the verb's own read-compare-write time (the figure it prints; start-up and
# migrations excluded), the process's wall time, and its peak memory (max RSS from /usr/bin/time).
# Targets: first import > 20,000 rows/s, re-import > 50,000 rows/s, peak memory < 500 MB.
# Everything on 127.0.0.1 and temp folders; stops by itself (about 2 minutes). Exit 0 all met, 1 a miss, 2 could not run.
set -uo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
ROWS=${BENCH_IMPORT_ROWS:-100000}
FIRST_TARGET=20000
AGAIN_TARGET=50000
MEMORY_TARGET_MB=500

# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
require_tools

WORK=$(mktemp -d /tmp/distrikt-import.XXXXXX)
PIDS=()
cleanup() { stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Register import benchmark $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ART="$BENCH/.artifacts"
dotnet build "$BENCH/../src/Distrikt" -c Release --artifacts-path "$ART" -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "the build failed"; }
APP_DIR="$ART/bin/Distrikt/release"

python3 "$BENCH/make-export.py" "$WORK/export.csv" "$ROWS" || die "could not generate the export"
python3 "$BENCH/make-export.py" "$WORK/export-changed.csv" "$ROWS" --changed 1 || die "could not generate the changed export"
echo "export: $ROWS rows, $(( $(stat -c %s "$WORK/export.csv") / 1024 / 1024 )) MB"

start_postgres bench_import

RESULTS=()
MISSED=0
run_import() { # label, file, env...
  local label=$1 file=$2; shift 2
  local out="$WORK/$label.log"
  (cd "$APP_DIR" && env ASPNETCORE_ENVIRONMENT=Production "$@" /usr/bin/time -f 'TIME %e %M' \
     dotnet Distrikt.dll members import "$file" --confirm-endings) >"$out" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then cat "$out" >&2; die "members import ($label) exited with $rc"; fi
  local seconds wall rss
  seconds=$(grep -o 'genomförd på [0-9,]* s' "$out" | grep -o '[0-9,]*' | tr ',' '.')
  read -r wall rss < <(grep '^TIME' "$out" | awk '{print $2, $3}')
  [ -n "$seconds" ] || { cat "$out" >&2; die "no timing in the output of $label"; }
  echo "$seconds $wall $((rss / 1024))"
}

for db in sqlite postgres; do
  if [ $db = sqlite ]; then ENV=("Distrikt__DataDirectory=$WORK/data-sqlite")
  else ENV=("Distrikt__DataDirectory=$WORK/data-pg" Distrikt__Database__Provider=Postgres "Distrikt__Database__ConnectionString=$PG_CONN"); fi
  (cd "$APP_DIR" && env ASPNETCORE_ENVIRONMENT=Production "${ENV[@]}" dotnet Distrikt.dll seed-demo --members 0) >"$WORK/seed-$db.log" 2>&1 \
    || { cat "$WORK/seed-$db.log" >&2; die "seed-demo on $db failed"; }
  for pass in first again; do
    file="$WORK/export.csv"; target=$FIRST_TARGET
    [ $pass = again ] && { file="$WORK/export-changed.csv"; target=$AGAIN_TARGET; }
    read -r seconds wall rss < <(run_import "$db-$pass" "$file" "${ENV[@]}") || exit 2
    rate=$(python3 -c "print(round($ROWS / $seconds))")
    ratio=$(python3 -c "print(f'{$rate / $target:.2f}')")
    verdict=PASS
    python3 -c "import sys; sys.exit(0 if $rate > $target and $rss < $MEMORY_TARGET_MB else 1)" || { verdict=MISS; MISSED=$((MISSED + 1)); }
    printf '%-10s %-6s %7s s  %8s rows/s (target > %s, ratio %s)  wall %6s s  peak %4s MB (target < %s)  %s\n' \
      "$db" "$pass" "$seconds" "$rate" "$target" "$ratio" "$wall" "$rss" "$MEMORY_TARGET_MB" "$verdict"
    RESULTS+=("$db $pass $rate $rss $verdict")
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ $MISSED -eq 0 ] && { echo "All import targets met."; exit 0; }
echo "$MISSED import target(s) missed."
exit 1
