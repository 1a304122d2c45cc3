#!/usr/bin/env bash
# Runs two commands at once, the second's output held until both have ended (so the first's
# report reads unbroken), and fails with the first failure. `npm test` runs the benchmark smoke
# beside the fault suite, whose processes mostly wait on reminder timers.
set -u
held=$(mktemp)
bash -c "$2" > "$held" 2>&1 &
second=$!
bash -c "$1"
first_status=$?
wait "$second"
second_status=$?
cat "$held"
rm -f "$held"
if [ "$first_status" -ne 0 ]; then exit "$first_status"; fi
exit "$second_status"
