#!/usr/bin/env bash
# Baseline: Airbyte's Salesforce source (airbyte-source-salesforce==2.10.3, from PyPI) reading from a
# Tributary sandbox org over HTTPS, records counted and dropped (as /dev/null would).
#
#   bench/baselines/airbyte.sh [--scale N] [--seed S] [--objects Account,Contact,...] [--force-bulk]
#                              [--url https://127.0.0.1:PORT --cert PEM]
#
# Runs `read` three times over the same objects, all objects in one read as Airbyte schedules them
# (concurrently): full_refresh; incremental with no state (the first sync: SystemModstamp slices of
# P30D from start_date); incremental again with the state of the previous run (nothing changed: only
# the 10-minute lookback). start_date is the earliest SystemModstamp of the objects, so the first
# incremental sync reads every record, as the full refresh does.
# Per object: records, seconds from its first to its last record, records/s, MB/s of RECORD messages.
# Total: all records over the wall time of the whole `read` (process start to exit).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/baselines
OBJECTS=Account,Contact,Lead,Opportunity,Task
FORCE_BULK=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) SCALE=$2; shift 2;; --seed) SEED=$2; shift 2;;
    --objects) OBJECTS=$2; shift 2;; --force-bulk) FORCE_BULK=true; shift;;
    --url) SANDBOX_URL=$2; shift 2;; --cert) SANDBOX_CERT=$2; shift 2;;
    *) sed -n '2,16p' "$0"; exit 2;;
  esac
done
source "$HERE/sandbox-lib.sh"

VENV=$ROOT/.venv-airbyte
if ! "$VENV/bin/python" -c 'import source_salesforce' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q airbyte-source-salesforce==2.10.3
fi
PY=$VENV/bin/python

WORK=$(mktemp -d /tmp/airbyte-baseline.XXXXXX)
sandbox_start "$WORK"
export REQUESTS_CA_BUNDLE=$SB_CERT SANDBOX_LOGIN_URL=$SB_URL
cd "$WORK"  # the connector's Bulk CSV extractor writes each result page to a file in the working directory

REFRESH=$(python3 "$HERE/sandbox_oauth.py" "$SB_URL" "$SB_CERT" "$SB_CLIENT_ID" "$SB_CLIENT_SECRET" "$SB_USER" "$SB_PASSWORD" | jq -r .refresh_token)
TOKEN=$(sandbox_access_token)
START=
for o in ${OBJECTS//,/ }; do
  t=$(curl -sf --cacert "$SB_CERT" -H "Authorization: Bearer $TOKEN" --get "$SB_URL/services/data/v62.0/query" \
      --data-urlencode "q=SELECT SystemModstamp FROM $o ORDER BY SystemModstamp LIMIT 1" | jq -r '.records[0].SystemModstamp // empty')
  [[ -n $t && ( -z $START || $t < $START ) ]] && START=$t
done
START_DATE="${START:0:10}T00:00:00Z"
jq -n --arg id "$SB_CLIENT_ID" --arg secret "$SB_CLIENT_SECRET" --arg rt "$REFRESH" --arg sd "$START_DATE" --argjson fb $FORCE_BULK \
  '{client_id: $id, client_secret: $secret, refresh_token: $rt, start_date: $sd, is_sandbox: false, force_use_bulk_api: $fb}' >"$WORK/config.json"

"$PY" "$HERE/airbyte_source.py" discover --config "$WORK/config.json" | grep '"type":"CATALOG"' >"$WORK/discover.json"
catalog() {  # $1: sync mode
  jq -c --arg objs "$OBJECTS" --arg mode "$1" '.catalog | {streams: [.streams[] | select(.name as $n | $objs | split(",") | index($n))
    | {stream: ., sync_mode: $mode, cursor_field: (.default_cursor_field // []),
       destination_sync_mode: (if $mode == "incremental" then "append" else "overwrite" end)}]}' "$WORK/discover.json"
}
catalog full_refresh >"$WORK/catalog-full.json"
catalog incremental >"$WORK/catalog-incremental.json"
echo '[]' >"$WORK/state-0.json"

ver() { "$VENV/bin/pip" show "$1" | sed -n "s/^Version: //p"; }
echo "airbyte-source-salesforce $(ver airbyte-source-salesforce), airbyte-cdk $(ver airbyte-cdk), $("$PY" --version); $(nproc) cores;" \
  "sandbox $SB_URL; objects $OBJECTS; start_date $START_DATE; force_use_bulk_api $FORCE_BULK"

run() {  # $1: label, $2: catalog, $3: state file in, $4: summary out
  local calls0 t0 calls1
  calls0=$(sandbox_api_calls)
  t0=$(date +%s.%N)
  AIRBYTE_REQUEST_COUNTS="$4.requests" "$PY" "$HERE/airbyte_source.py" read --config "$WORK/config.json" --catalog "$2" --state "$3" \
    2>"$4.stderr" | python3 "$HERE/airbyte_count.py" "$4" "$t0"
  calls1=$(sandbox_api_calls)
  jq '.states' "$4" >"$4.state"
  python3 - "$1" "$4" "$((calls1 - calls0))" <<'PY'
import json, sys
label, path, calls = sys.argv[1], sys.argv[2], sys.argv[3]
s = json.load(open(path)); req = json.load(open(path + ".requests"))
print(f"\n== {label}: {calls} API calls counted by the sandbox")
for k, v in req.items(): print(f"   {v:6d}  {k}")
print(f"{'object':<14}{'records':>10}{'seconds':>9}{'records/s':>11}{'MB':>9}{'MB/s':>8}")
tot_r = tot_b = 0
for name, st in sorted(s["streams"].items()):
    secs = max(st["last"] - st["first"], 1e-9)
    tot_r += st["records"]; tot_b += st["bytes"]
    print(f"{name:<14}{st['records']:>10}{secs:>9.2f}{st['records']/secs:>11.0f}{st['bytes']/1e6:>9.1f}{st['bytes']/1e6/secs:>8.2f}")
print(f"{'total (wall)':<14}{tot_r:>10}{s['end']:>9.2f}{tot_r/s['end']:>11.0f}{tot_b/1e6:>9.1f}{tot_b/1e6/s['end']:>8.2f}")
for e in s["errors"][:5]: print("ERROR:", e)
PY
}
run "full_refresh" "$WORK/catalog-full.json" "$WORK/state-0.json" "$WORK/full.json"
run "incremental, first sync (no state)" "$WORK/catalog-incremental.json" "$WORK/state-0.json" "$WORK/inc1.json"
run "incremental, second sync (state of the first, no changes)" "$WORK/catalog-incremental.json" "$WORK/inc1.json.state" "$WORK/inc2.json"
echo "(work files in $WORK)"
