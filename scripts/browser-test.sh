#!/usr/bin/env bash
# The grpc-web browser test: headless Chromium (Debian) loads a page whose TypeScript client was
# generated from proto/ by buf + protoc-gen-es, and calls a running `taskstream dev` over
# grpc-web from another origin: sign up, log in, create a task, receive it on a server stream.
# Installs what it needs (chromium from Debian, npm packages from the lockfile, buf from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/chromium ]]; then
  echo "installing Debian chromium (once)"
  ${SUDO:-$( [[ $(id -u) == 0 ]] || echo sudo )} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q chromium >/dev/null
fi
make --no-print-directory .cache/tools/bin/buf
app=gateway/browser-test
(cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
rm -rf "$app/src/gen"
.cache/tools/bin/buf generate --template "$app/buf.gen.yaml"
(cd "$app" && npx tsc --noEmit)
source scripts/lib/dev-server.sh
page_port=$(free_port)
start_dev_server "TASKSTREAM_GATEWAY__CORS_ALLOWED_ORIGINS=[http://127.0.0.1:$page_port]"
base=$DEV_URL

if ! (cd "$app" && GATEWAY_URL="$base" PAGE_PORT="$page_port" node run.mjs); then
  echo "--- server log"; tail -50 "$DEV_DATA/server.log"
  exit 1
fi
