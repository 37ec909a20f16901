#!/usr/bin/env bash
# Runs every Vigil test on this machine: installs what the tests need (scripts/setup.sh), starts a throwaway
# PostgreSQL shared by the spec projects, builds once with warnings as errors, runs all spec projects, stops
# PostgreSQL, and fails if any snapshot was missing or changed (snapshots are reviewed, never written by CI).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
pgdir="$(mktemp -d /tmp/vigil-pg.XXXXXX)"
trap 'bash "$root/scripts/pg.sh" stop "$pgdir"' EXIT
VIGIL_TEST_PG="$(bash scripts/pg.sh start "$pgdir")"
export VIGIL_TEST_PG
echo "test: PostgreSQL on ${VIGIL_TEST_PG}"
dotnet build engine.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
status=0
log="$(mktemp /tmp/vigil-test.XXXXXX.log)"
dotnet test engine.sln -c Release --no-build --nologo --logger "console;verbosity=normal" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$log" || status=$?
passed=$( (grep -E '^\s+Passed: [0-9]+$' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -E '^\s+Failed: [0-9]+$' "$log" || true) | awk '{s+=$2} END {print s+0}')
# CI shows only the end of the output: repeat each failure's name and the first lines of its message there.
if [ "$failed" -gt 0 ]; then
  echo "test: failures (name, then the start of the message):"
  awk '/^[[:space:]]+Failed [A-Za-z_][A-Za-z0-9_.]+/ {n=12; print; next} n>0 && /^[[:space:]]+(Passed|Skipped) / {n=0} n>0 {print; n--}' "$log" | cut -c1-300
fi
rm -f "$log"
if [ "$passed" -eq 0 ]; then echo "test: no test ran"; status=1; fi
# A missing snapshot is written by Snapshooter and passes; CI must not accept it unreviewed.
fresh="$(git status --porcelain --untracked-files=all -- '*__snapshots__*' || true)"
if [ -n "$fresh" ]; then
  echo "test: snapshots were created or changed by this run (review and commit them):"; echo "$fresh"
  status=1
fi
echo "tests: $passed passed, $failed failed"
exit $status
