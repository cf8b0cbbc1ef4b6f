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
  source scripts/lib/dev-server.sh
  start_dev_server TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE=0 TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE=0
  export TASKSTREAM_URL=$DEV_URL
fi
predictions=$(mktemp)
python3 scripts/nlp_eval.py "$dev_set/dev.jsonl" >"$predictions"
python3 "$dev_set/score.py" "$dev_set/dev.jsonl" "$predictions"
rm -f "$predictions"
