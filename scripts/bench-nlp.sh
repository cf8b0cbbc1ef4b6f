#!/usr/bin/env bash
# The NLP benchmark: the sentence encoder through our `ort` path and through Python
# onnxruntime, on the same model file, the same sentences, batch size and thread count, in one
# run; then ExtractTasks on 200-word emails. Prints both throughputs and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/models.sh >/dev/null
tools=.cache/tools
if ! "$tools/bin/python" -c 'import onnxruntime, tokenizers' 2>/dev/null; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check onnxruntime==1.32.0 tokenizers==0.23.3
fi
sentences=$(mktemp)
trap 'rm -f "$sentences"' EXIT
python3 -c '
for i in range(512):
    print(f"Could you send the revised schedule for site {i} to the carriers before the Friday review?")' >"$sentences"

rust=$(BENCH_SENTENCES="$sentences" cargo bench --locked -q -p taskstream-nlp --bench nlp)
python=$("$tools/bin/python" - "$sentences" <<'PY'
import json, sys, time
import numpy as np, onnxruntime as ort
from tokenizers import Tokenizer
texts = [line.rstrip("\n") for line in open(sys.argv[1])]
tokenizer = Tokenizer.from_file(".cache/models/minilm-l6-v2-int8/tokenizer.json")
tokenizer.enable_truncation(256)
tokenizer.enable_padding()
options = ort.SessionOptions()
options.intra_op_num_threads = 1
options.inter_op_num_threads = 1
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
session = ort.InferenceSession(".cache/models/minilm-l6-v2-int8/model.onnx", options, providers=["CPUExecutionProvider"])
def embed(batch):
    encodings = tokenizer.encode_batch(batch)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    hidden = session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
batches = [texts[i:i + 32] for i in range(0, len(texts), 32)]
for batch in batches[:2]:
    embed(batch)
rounds = 3
started = time.perf_counter()
for _ in range(rounds):
    for batch in batches:
        embed(batch)
rate = len(texts) * rounds / (time.perf_counter() - started)
print(json.dumps({"bench": "encoder", "path": "python onnxruntime", "batch": 32, "threads": 1, "sentences_per_second": round(rate, 1)}))
PY
)
echo "$rust"
echo "$python"
python3 - "$rust" "$python" <<'PY'
import json, sys
ours = next(json.loads(l) for l in sys.argv[1].splitlines() if '"encoder"' in l)
theirs = json.loads(sys.argv[2])
print(f"encoder throughput, ours / Python onnxruntime: {ours['sentences_per_second'] / theirs['sentences_per_second']:.2f}x "
      f"({ours['sentences_per_second']:.0f} vs {theirs['sentences_per_second']:.0f} sentences/s, batch 32, 1 thread)")
extract = {e["path"]: e for e in (json.loads(l) for l in sys.argv[1].splitlines() if '"extract_tasks"' in l)}
rules = extract["rules only"]
for path in ("rules and task filter", "rules and task filter, every title new"):
    filtered = extract[path]
    print(f"ExtractTasks, {path} / rules only: {filtered['documents_per_second'] / rules['documents_per_second']:.2f}x "
          f"({filtered['documents_per_second']:.0f} vs {rules['documents_per_second']:.0f} documents/s; "
          f"p50 {filtered['p50_us']:.0f} vs {rules['p50_us']:.0f} us)")
PY
