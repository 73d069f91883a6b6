#!/usr/bin/env bash
# The README's two commands for a fresh machine (Node 20 + npm):
#   ./tools/dev.sh start   set up, then serve the simulation app (pnpm start)
#   ./tools/dev.sh test    set up, then run lint, typecheck and every test
# Each does its own set-up (tools/setup.sh), so nothing else is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# shellcheck source=tools/env.sh
. tools/env.sh
case "${1:-}" in
  start) shift; exec pnpm start "$@" ;;
  test)
    shift
    pnpm lint
    pnpm typecheck
    exec pnpm test "$@"
    ;;
  *) echo "usage: tools/dev.sh start|test" >&2; exit 2 ;;
esac
