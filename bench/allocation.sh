#!/usr/bin/env bash
# The seat lottery benchmark: bench/allocation.sh
#
# Distrikt.Bench.Allocation allocates 300 seats among 5,000 generated applications (a fixed pseudo-random list:
# ~200 associations, mixed genders, ~40 % first-timers) with every rule on — first-timers first, at most 2 per
# association, gender balance — with a fresh seed each time: once cold (JIT included), then 20 times.
# Reported: the cold run, the median and max of the 20, and the ratio median / target.
# Target: under 1 s (median and max), ratio = median_ms / 1000. In practice it takes milliseconds: the lottery is
# pure computation (one SHA-256 per applicant, a sort and one walk), no database.
# Builds in Release into bench/.artifacts (BENCH_ARTIFACTS), never into the projects' own bin/obj; needs only the
# .NET SDK. Stops by itself (well under a minute after the build). Exit 0 met, 1 missed, 2 could not run.
set -uo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh" # die; none of the servers or tools the other benchmarks need
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is missing"

WORK=$(mktemp -d /tmp/distrikt-allocation.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "Seat lottery benchmark $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ART=${BENCH_ARTIFACTS:-$BENCH/.artifacts}
dotnet build "$BENCH/Distrikt.Bench.Allocation" -c Release --artifacts-path "$ART" -nologo -v quiet >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "the build failed"; }
DLL="$ART/bin/Distrikt.Bench.Allocation/release/Distrikt.Bench.Allocation.dll"
[ -f "$DLL" ] || die "build output missing: $DLL"

dotnet "$DLL"
rc=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
case $rc in
  0) echo "The lottery target is met." ;;
  1) echo "The lottery target is missed." ;;
  *) die "the benchmark exited with $rc" ;;
esac
exit $rc
