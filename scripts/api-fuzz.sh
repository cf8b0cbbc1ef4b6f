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
source scripts/lib/dev-server.sh
start_dev_server TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE=0 TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE=0
base=$DEV_URL

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
