# Sourced by the baseline scripts: start (or take) a sandbox org with TLS and log in to it.
# Sets SB_URL, SB_CERT, SB_CLIENT_ID, SB_CLIENT_SECRET, SB_USER, SB_PASSWORD; stops a sandbox it started on exit.
#   --url URL --cert PEM   use a running sandbox (also SANDBOX_URL / SANDBOX_CERT)
#   --scale N --seed S     otherwise start one: $TRIBUTARY_BIN (default .build/release/tributary) sandbox --port 0 --tls
SB_URL=${SANDBOX_URL:-}
SB_CERT=${SANDBOX_CERT:-}
SB_CLIENT_ID=${SANDBOX_CLIENT_ID:-3MVG9TributarySandboxClientIdForLocalTestingOnly0000000000000000000000000000000000000}
SB_CLIENT_SECRET=${SANDBOX_CLIENT_SECRET:-TRIBUTARY0SANDBOX0SECRET}
SB_USER=${SANDBOX_USER:-admin@tributary.sandbox}
SB_PASSWORD=${SANDBOX_PASSWORD:-sandbox-admin-1}
SB_SCALE=${SCALE:-20}
SB_SEED=${SEED:-42}
SB_PID=

sandbox_start() {  # $1: work dir
  local dir=$1 bin=${TRIBUTARY_BIN:-$ROOT/.build/release/tributary}
  if [[ -n $SB_URL ]]; then
    [[ -n $SB_CERT ]] || { echo "--url needs --cert" >&2; exit 2; }
  else
    "$bin" sandbox --port 0 --tls --scale "$SB_SCALE" --seed "$SB_SEED" --data-dir "$dir/sandbox-data" >"$dir/sandbox.log" 2>&1 &
    SB_PID=$!
    trap 'kill $SB_PID 2>/dev/null || true' EXIT
    for _ in $(seq 300); do grep -q 'Certificate:' "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
    SB_URL=$(sed -n 's/^ *Login URL: *//p' "$dir/sandbox.log")
    SB_CERT=$(sed -n 's/^ *Certificate: *//p' "$dir/sandbox.log")
    SB_CLIENT_ID=$(sed -n 's/^ *Client id: *//p' "$dir/sandbox.log")
    SB_CLIENT_SECRET=$(sed -n 's/^ *Client secret: *//p' "$dir/sandbox.log")
    [[ -n $SB_URL ]] || { cat "$dir/sandbox.log" >&2; exit 1; }
    grep 'records, seed' "$dir/sandbox.log" >&2
  fi
  case $SB_URL in https://127.0.0.1:*|https://localhost:*) ;; *) echo "sandbox must be https on 127.0.0.1: $SB_URL" >&2; exit 2;; esac
}

sandbox_api_calls() { curl -s --cacert "$SB_CERT" "$SB_URL/_sandbox/state" | jq .apiCalls; }

# An access token from the password grant (no refresh token: Salesforce issues none on that grant).
sandbox_access_token() {
  curl -sf --cacert "$SB_CERT" "$SB_URL/services/oauth2/token" -d grant_type=password \
    --data-urlencode "client_id=$SB_CLIENT_ID" --data-urlencode "client_secret=$SB_CLIENT_SECRET" \
    --data-urlencode "username=$SB_USER" --data-urlencode "password=$SB_PASSWORD" | jq -r .access_token
}
