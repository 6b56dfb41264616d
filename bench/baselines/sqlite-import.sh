#!/usr/bin/env bash
# Baseline: sqlite3's CSV import of the objects' full Bulk API 2.0 query results.
#
#   bench/baselines/sqlite-import.sh [--scale N] [--seed S] [--objects Account,Contact,...] [--runs 3]
#                                    [--url https://127.0.0.1:PORT --cert PEM]
#
# For each object: describe it, run a Bulk 2.0 query job (SELECT every field Bulk can serve, i.e. all
# but compound address/location and base64 fields) and download all its result pages with curl
# (Sforce-Locator, header kept once) into OBJECT.csv. Then time, with hyperfine (median of --runs,
# each into a fresh database file):
#   typed:   the table is created beforehand (columns in CSV order, SQLite types from describe:
#            int -> INTEGER, double/currency/percent -> REAL, others TEXT), then
#            sqlite3 db ".import --csv --skip 1 OBJECT.csv sf_object"
#   created: sqlite3 db ".import --csv OBJECT.csv sf_object"  (.import creates the table from the header, all TEXT)
# and prints rows, seconds, rows/s, MB/s (of CSV) per object and in total (sum of the medians).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/baselines
OBJECTS=Account,Contact,Lead,Opportunity,Task
RUNS=3
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) SCALE=$2; shift 2;; --seed) SEED=$2; shift 2;;
    --objects) OBJECTS=$2; shift 2;; --runs) RUNS=$2; shift 2;;
    --url) SANDBOX_URL=$2; shift 2;; --cert) SANDBOX_CERT=$2; shift 2;;
    *) sed -n '2,16p' "$0"; exit 2;;
  esac
done
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
source "$HERE/sandbox-lib.sh"
WORK=$(mktemp -d /tmp/sqlite-baseline.XXXXXX)
sandbox_start "$WORK"
TOKEN=$(sandbox_access_token)
API=$SB_URL/services/data/v62.0
sf() { curl -sf --cacert "$SB_CERT" -H "Authorization: Bearer $TOKEN" "$@"; }

echo "$(sqlite3 --version | cut -d' ' -f1-2), $(hyperfine --version), $(curl --version | head -1 | cut -d' ' -f1-2); $(nproc) cores; sandbox $SB_URL; objects $OBJECTS; $RUNS runs each"
printf '%-13s %9s %8s %9s %8s\n' fetch rows seconds rows/s MB
for o in ${OBJECTS//,/ }; do
  sf "$API/sobjects/$o/describe" >"$WORK/$o.describe.json"
  fields=$(jq -r '[.fields[] | select(.type != "address" and .type != "location" and .type != "base64") | .name] | join(", ")' "$WORK/$o.describe.json")
  t0=$(date +%s.%N)
  job=$(sf -H 'Content-Type: application/json' "$API/jobs/query" \
        -d "$(jq -n --arg q "SELECT $fields FROM $o" '{operation: "query", query: $q, contentType: "CSV", columnDelimiter: "COMMA", lineEnding: "LF"}')" | jq -r .id)
  while :; do
    state=$(sf "$API/jobs/query/$job" | jq -r .state)
    [[ $state == JobComplete ]] && break
    [[ $state == Failed || $state == Aborted ]] && { echo "$o: job $state" >&2; exit 1; }
    sleep 0.2
  done
  locator= page=0
  : >"$WORK/$o.csv"
  while :; do
    url="$API/jobs/query/$job/results?maxRecords=50000${locator:+&locator=$locator}"
    sf -D "$WORK/headers" "$url" -o "$WORK/page"
    if [[ $page == 0 ]]; then cat "$WORK/page" >>"$WORK/$o.csv"; else tail -n +2 "$WORK/page" >>"$WORK/$o.csv"; fi
    page=$((page + 1))
    locator=$(tr -d '\r' <"$WORK/headers" | sed -n 's/^[Ss]force-[Ll]ocator: *//p')
    [[ -z $locator || $locator == null ]] && break
  done
  t1=$(date +%s.%N)
  sf -X DELETE "$API/jobs/query/$job" >/dev/null || true
  bytes=$(stat -c %s "$WORK/$o.csv")
  python3 - "$WORK/$o.csv" "$WORK/$o.describe.json" "$WORK/$o.ddl.sql" "sf_${o,,}" <<'PY'
import csv, json, sys
path, describe, ddl, table = sys.argv[1:5]
with open(path, newline="") as f:
    header = next(csv.reader(f))
    rows = sum(1 for _ in csv.reader(f))
types = {x["name"]: x["type"] for x in json.load(open(describe))["fields"]}
aff = lambda t: "INTEGER" if t == "int" else "REAL" if t in ("double", "currency", "percent") else "TEXT"
open(ddl, "w").write(f'CREATE TABLE {table} (\n' + ",\n".join(f'  "{c}" {aff(types.get(c, "string"))}' for c in header) + "\n);\n")
open(path + ".rows", "w").write(str(rows))
PY
  rows=$(cat "$WORK/$o.csv.rows")
  printf '%-13s %9d %8.2f %9.0f %8.1f  (%d pages, %d columns)\n' "$o" "$rows" "$(echo "$t1 - $t0" | bc)" "$(echo "$rows / ($t1 - $t0)" | bc -l)" "$(echo "$bytes / 1000000" | bc -l)" "$page" "$(head -1 "$WORK/$o.csv" | tr ',' '\n' | wc -l)"
done

DB=$WORK/bench.db
for variant in typed created; do
  echo
  echo "== sqlite3 .import, $variant table"
  printf '%-13s %9s %8s %9s %8s %8s\n' object rows seconds rows/s MB MB/s
  : >"$WORK/$variant.totals"
  for o in ${OBJECTS//,/ }; do
    t=sf_${o,,}
    if [[ $variant == typed ]]; then
      prep="rm -f $DB; sqlite3 $DB < $WORK/$o.ddl.sql"; cmd="sqlite3 $DB \".import --csv --skip 1 $WORK/$o.csv $t\""
    else
      prep="rm -f $DB"; cmd="sqlite3 $DB \".import --csv $WORK/$o.csv $t\""
    fi
    hyperfine --style none --runs "$RUNS" --prepare "$prep" --export-json "$WORK/$variant.$o.json" "$cmd" >/dev/null
    secs=$(jq '.results[0].median' "$WORK/$variant.$o.json")
    got=$(sqlite3 "$DB" "SELECT count(*) FROM $t")
    want=$(cat "$WORK/$o.csv.rows")
    [[ $got == "$want" ]] || echo "$o: table has $got rows, CSV $want" >&2
    bytes=$(stat -c %s "$WORK/$o.csv")
    printf '%-13s %9d %8.3f %9.0f %8.1f %8.1f\n' "$o" "$got" "$secs" "$(echo "$got / $secs" | bc -l)" "$(echo "$bytes / 1000000" | bc -l)" "$(echo "$bytes / 1000000 / $secs" | bc -l)"
    echo "$got $secs $bytes" >>"$WORK/$variant.totals"
  done
  awk '{r+=$1; s+=$2; b+=$3} END {printf "%-13s %9d %8.3f %9.0f %8.1f %8.1f\n", "total", r, s, r/s, b/1e6, b/1e6/s}' "$WORK/$variant.totals"
done
echo "(work files in $WORK)"
