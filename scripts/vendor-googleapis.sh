#!/usr/bin/env bash
# Refreshes proto/google/{api,rpc,type} from the PyPI wheel `googleapis-common-protos`.
# The files are committed, so builds never download them; run this only to move to a new version.
set -euo pipefail
version="${1:-1.76.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$work" "googleapis-common-protos==${version}"
wheel="$(ls "$work"/googleapis_common_protos-*.whl)"
echo "wheel: $(basename "$wheel") sha256=$(sha256sum "$wheel" | cut -d' ' -f1)"
files=(
  google/api/annotations.proto
  google/api/client.proto
  google/api/field_behavior.proto
  google/api/http.proto
  google/api/launch_stage.proto
  google/api/resource.proto
  google/rpc/code.proto
  google/rpc/error_details.proto
  google/rpc/status.proto
  google/type/date.proto
  google/type/dayofweek.proto
)
python3 - "$wheel" "$root/proto" "${files[@]}" <<'PY'
import sys, zipfile, pathlib
wheel, dest, *files = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for f in files:
        out = pathlib.Path(dest) / f
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(z.read(f))
        print("vendored", f)
PY
echo "googleapis-common-protos==${version}" > "$root/proto/google/VERSION"
