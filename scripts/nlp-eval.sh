#!/usr/bin/env bash
# Runs the labelled NLP dev set (../shared/nlp-dev-set) through ExtractTasks over the REST
# gateway and prints the scorer's report. Uses the gateway at $TASKSTREAM_URL when set (with
# $TASKSTREAM_TOKEN and $TASKSTREAM_WORKSPACE, or signs up there); otherwise starts a fresh
# `taskstream dev` on free ports with a throwaway data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
dev_set=${NLP_DEV_SET:-../shared/nlp-dev-set}
[[ -f $dev_set/dev.jsonl ]] || { echo "no dev set at $dev_set (set NLP_DEV_SET)" >&2; exit 1; }

if [[ -z ${TASKSTREAM_URL:-} ]]; then
  cargo build --locked -q -p taskstream
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  http_port=$(free_port)
  grpc_port=$(free_port)
  data=$(mktemp -d)
  TASKSTREAM_DATA_DIR="$data" TASKSTREAM_HTTP_ADDR="127.0.0.1:$http_port" \
    TASKSTREAM_GRPC_ADDR="127.0.0.1:$grpc_port" TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE=0 \
    TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE=0 \
    target/debug/taskstream dev >"$data/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
  export TASKSTREAM_URL="http://127.0.0.1:$http_port"
  for _ in $(seq 100); do curl -fs "$TASKSTREAM_URL/readyz" >/dev/null && break; sleep 0.2; done
fi
predictions=$(mktemp)
python3 scripts/nlp_eval.py "$dev_set/dev.jsonl" >"$predictions"
python3 "$dev_set/score.py" "$dev_set/dev.jsonl" "$predictions"
rm -f "$predictions"
