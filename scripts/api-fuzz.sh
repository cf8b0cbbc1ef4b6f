#!/usr/bin/env bash
# Property-based fuzzing of the REST API with Schemathesis: starts the dev mesh on free ports and
# a throwaway data dir, signs a user up, and runs every operation of /openapi.json with generated
# (valid and invalid) input, checking that no call answers 5xx and that responses match the
# schema. Schemathesis comes from PyPI into .cache/tools.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=.cache/tools
if [[ ! -x $tools/bin/st ]]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
scripts/models.sh
cargo build --locked -p taskstream

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
grpc_port=$(free_port)
data=$(mktemp -d)
base="http://127.0.0.1:$http_port"
TASKSTREAM_DATA_DIR="$data" TASKSTREAM_HTTP_ADDR="127.0.0.1:$http_port" \
  TASKSTREAM_GRPC_ADDR="127.0.0.1:$grpc_port" TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE=0 \
  TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE=0 \
  target/debug/taskstream dev >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done

token=$(curl -fs -X POST "$base/v1/users:signUp" -H 'content-type: application/json' \
  -d '{"email":"fuzz@example.com","password":"correct horse battery staple"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"]["accessToken"])')
curl -fs -X POST "$base/v1/workspaces" -H "authorization: Bearer $token" \
  -H 'content-type: application/json' -d '{"displayName":"Fuzz"}' >/dev/null
# The NLP encoder loads in the background: fuzz once it serves, not while it answers 503.
for _ in $(seq 150); do
  curl -fs "$base/v1/models/minilm-l6-v2-int8" -H "authorization: Bearer $token" |
    grep -q MODEL_STATE_READY && break
  sleep 0.2
done

"$tools/bin/st" run "$base/openapi.json" --url "$base" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${API_FUZZ_EXAMPLES:-20}" --no-color "$@"
