#!/usr/bin/env bash
# Runs a command with real PostgreSQL and Redis servers for the integration tests.
#
# When TASKSTREAM_TEST_DATABASE_URL / TASKSTREAM_TEST_REDIS_URL are already set, those servers
# are used. Otherwise a throwaway PostgreSQL 15 cluster (as user `postgres`, fsync off) and a
# throwaway redis-server (installed from Debian when missing) start on free loopback ports,
# and are stopped and deleted when the command ends.
set -euo pipefail

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

scratch="$(mktemp -d /tmp/taskstream-test.XXXXXX)"
chmod 755 "$scratch"
pg_ctl_bin=""
pg_data=""
redis_pid_file=""
cleanup() {
  if [ -n "$pg_data" ]; then
    run_as_postgres "$pg_ctl_bin" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$redis_pid_file" ] && [ -f "$redis_pid_file" ]; then
    kill "$(cat "$redis_pid_file")" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin_dir() {
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  dirname "$(command -v initdb)"
}

if [ -z "${TASKSTREAM_TEST_DATABASE_URL:-}" ]; then
  bin="$(pg_bin_dir)"
  pg_ctl_bin="$bin/pg_ctl"
  port="$(free_port)"
  pg_data="$scratch/pg"
  mkdir -p "$pg_data" "$scratch/pg-socket"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_data" "$scratch/pg-socket"
  run_as_postgres "$bin/initdb" -D "$pg_data" -U postgres --auth=trust --no-sync -E UTF8 >"$scratch/initdb.log" 2>&1 \
    || { cat "$scratch/initdb.log"; exit 1; }
  run_as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$scratch/pg-socket/postgres.log" -w \
    -o "-p $port -k $scratch/pg-socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null
  export TASKSTREAM_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "test PostgreSQL: $TASKSTREAM_TEST_DATABASE_URL"
fi

if [ -z "${TASKSTREAM_TEST_REDIS_URL:-}" ]; then
  if ! command -v redis-server >/dev/null; then
    echo "installing redis-server from Debian..."
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -qq redis-server >/dev/null 2>&1 \
      || { $sudo_cmd apt-get update -qq >/dev/null && $sudo_cmd apt-get install -y -qq redis-server >/dev/null; }
  fi
  port="$(free_port)"
  redis_pid_file="$scratch/redis.pid"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_pid_file" --logfile "$scratch/redis.log" --dir "$scratch"
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export TASKSTREAM_TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "test Redis: $TASKSTREAM_TEST_REDIS_URL"
fi

"$@"
