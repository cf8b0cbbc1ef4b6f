#!/usr/bin/env bash
# `make bench`, gateway part two: the same GetTask over REST through the gateway and over direct
# gRPC, both driven by one external load generator (h2load, from Debian's nghttp2-client) so the
# client's own cost is the same on both sides. Prints requests/s of each shape, the REST/gRPC
# ratio at equal connection counts, and p50/p99 latency.
#
# Shapes, each for BENCH_REQUESTS requests with 8 requests in flight:
#   gRPC   1 connection x 8 streams (how generated clients share a channel)
#   gRPC   8 connections x 1 stream
#   REST   8 HTTP/1.1 keep-alive connections (what browsers and most HTTP clients open)
#   REST   1 HTTP/2 connection x 8 streams (h2c, as a browser over TLS would multiplex)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v h2load >/dev/null; then
  echo "installing h2load (Debian nghttp2-client, once)"
  ${SUDO:-$( [[ $(id -u) == 0 ]] || echo sudo )} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q nghttp2-client >/dev/null
fi
requests=${BENCH_REQUESTS:-40000}

source scripts/lib/dev-server.sh
DEV_PROFILE=release start_dev_server \
  TASKSTREAM_GATEWAY__REQUESTS_PER_MINUTE=100000000 \
  TASKSTREAM_GATEWAY__PRINCIPAL_REQUESTS_PER_MINUTE=100000000 \
  TASKSTREAM_TELEMETRY__LOG_FILTER=warn

post() { # path token json → response JSON
  curl -fsS -X POST "$DEV_URL$1" -H "authorization: Bearer $2" -H 'content-type: application/json' -d "$3"
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(post /v1/users:signUp "" '{"email":"bench@example.com","password":"correct horse battery staple"}' | field '["tokens"]["accessToken"]')
workspace=$(post /v1/workspaces "$token" '{"displayName":"Bench"}' | field '["workspace"]["name"]')
project=$(post "/v1/$workspace/projects" "$token" '{"key":"BEN","displayName":"Bench"}' | field '["project"]["name"]')
task=$(post "/v1/$project/tasks" "$token" '{"title":"Measure the gateway"}' | field '["task"]["name"]')

# A length-prefixed GetTaskRequest{name} for the gRPC side.
body="$DEV_DATA/get-task.bin"
python3 - "$task" "$body" <<'PY'
import struct, sys
name = sys.argv[1].encode()
varint, n = b"", len(name)
while True:
    varint += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
    n >>= 7
    if not n:
        break
message = b"\x0a" + varint + name
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY

grpc=(-d "$body" -H 'content-type: application/grpc' -H 'te: trailers'
  "http://$DEV_GRPC/taskstream.tasks.v1.TaskService/GetTask")
rest=("$DEV_URL/v1/$task")

# Warm both paths, then measure; h2load's --log-file gives each request's latency (µs, column 3).
h2load -n 2000 -c 8 -t 1 -H "authorization: Bearer $token" "${grpc[@]}" >/dev/null
h2load -n 2000 -c 8 -t 1 --h1 -H "authorization: Bearer $token" "${rest[@]}" >/dev/null
log=(--log-file="$DEV_DATA/log")
results=$(
  for shape in grpc-1x8 grpc-8x1 rest-h1-8 rest-h2-1x8; do
    case $shape in
      grpc-1x8) args=(-c 1 -m 8 "${grpc[@]}") ;;
      grpc-8x1) args=(-c 8 -m 1 "${grpc[@]}") ;;
      rest-h1-8) args=(-c 8 -m 1 --h1 "${rest[@]}") ;;
      rest-h2-1x8) args=(-c 1 -m 8 "${rest[@]}") ;;
    esac
    rm -f "$DEV_DATA/log"
    out=$(h2load -n "$requests" -t 1 -H "authorization: Bearer $token" "${log[@]}" "${args[@]}" 2>&1)
    if ! grep -qE "$requests succeeded, 0 failed" <<<"$out"; then
      echo "$shape: not every request succeeded" >&2
      echo "$out" | tail -8 >&2
      exit 1
    fi
    rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' <<<"$out")
    read -r p50 p99 < <(awk '{print $3}' "$DEV_DATA/log" | sort -n |
      awk '{a[NR]=$1} END {print a[int(NR*0.5)], a[int(NR*0.99)]}')
    echo "$shape $rps $p50 $p99"
  done
)
python3 - "$results" <<'PY'
import sys
rows = {}
for line in sys.argv[1].splitlines():
    shape, rps, p50, p99 = line.split()
    rows[shape] = (float(rps), int(p50), int(p99))
names = {
    "grpc-1x8": "direct gRPC, 1 connection x 8 streams",
    "grpc-8x1": "direct gRPC, 8 connections",
    "rest-h1-8": "REST gateway, 8 HTTP/1.1 connections",
    "rest-h2-1x8": "REST gateway, 1 HTTP/2 connection x 8 streams",
}
print("GetTask under h2load, 8 requests in flight, one `taskstream dev` (release) serving all:")
for shape, (rps, p50, p99) in rows.items():
    print(f"  {names[shape]:<47} {rps:>8.0f}/s  p50 {p50:>5} µs  p99 {p99:>6} µs")
for rest, grpc in (("rest-h1-8", "grpc-8x1"), ("rest-h1-8", "grpc-1x8"), ("rest-h2-1x8", "grpc-1x8")):
    r, g = rows[rest], rows[grpc]
    print(f"  {rest} / {grpc}: throughput {r[0] / g[0]:.2f}x, added p50 {r[1] - g[1]} µs, p99 {r[2] - g[2]} µs")
PY
