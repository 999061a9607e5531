#!/bin/sh
# Runs `npm run build` only when dist/ is out of date: when dist/.built (which a
# successful `npm run build` touches) is missing, or anything under lib/ or
# nodes/ (the build's sources; a directory counts, so a deleted or renamed file
# does too) or a tsconfig is newer. The same test scripts/run-node.sh makes for
# one node before it falls back to tsx. Used by `npm run maelstrom` and the
# scripts that start node processes, so a call with nothing changed costs a
# `find`, not a 4 s tsc run.
set -e
root=$(cd -- "$(dirname -- "$0")/.." && pwd -P)
stamp="$root/dist/.built"
if [ -f "$stamp" ] && [ -z "$(find "$root/lib" "$root/nodes" "$root/tsconfig.json" "$root/tsconfig.build.json" -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; then
  exit 0
fi
cd "$root"
exec npm run build --silent
