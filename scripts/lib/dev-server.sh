# Sourced by the scripts that test a running mesh: starts `taskstream dev` on free loopback
# ports with a throwaway data directory, and stops it (and removes the data) on exit.
#
#   start_dev_server [NAME=VALUE ...]   extra environment for the server
#   → DEV_URL (the gateway), DEV_GRPC (the gRPC address), DEV_DATA (data directory; the log
#     is $DEV_DATA/server.log). DEV_PROFILE=release runs an optimised build.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

stop_dev_server() {
  if [[ -n ${DEV_PID:-} ]]; then
    kill "$DEV_PID" 2>/dev/null
    wait "$DEV_PID" 2>/dev/null
  fi
  [[ -n ${DEV_DATA:-} ]] && rm -rf "$DEV_DATA"
  return 0
}

start_dev_server() {
  local profile=${DEV_PROFILE:-debug}
  if [[ $profile == release ]]; then
    cargo build --locked -q --release -p taskstream
  else
    cargo build --locked -q -p taskstream
  fi
  local http_port grpc_port
  http_port=$(free_port)
  grpc_port=$(free_port)
  DEV_DATA=$(mktemp -d)
  DEV_URL="http://127.0.0.1:$http_port"
  DEV_GRPC="127.0.0.1:$grpc_port"
  env TASKSTREAM_DATA_DIR="$DEV_DATA" TASKSTREAM_HTTP_ADDR="127.0.0.1:$http_port" \
    TASKSTREAM_GRPC_ADDR="127.0.0.1:$grpc_port" "$@" \
    "target/$profile/taskstream" dev >"$DEV_DATA/server.log" 2>&1 &
  DEV_PID=$!
  trap stop_dev_server EXIT
  for _ in $(seq 150); do
    curl -fs "$DEV_URL/readyz" >/dev/null && return 0
    sleep 0.2
  done
  echo "taskstream dev did not become ready; its log:" >&2
  tail -50 "$DEV_DATA/server.log" >&2
  return 1
}
