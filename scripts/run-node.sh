#!/bin/sh
# Starts one of this project's TypeScript node programs. Every node file begins
#   #!/bin/sh
#   ":" //; exec "$(dirname -- "$0")/../scripts/run-node.sh" "$0" "$@"
# which the shell runs and TypeScript reads as a string and a comment. It does
# not depend on the working directory (Maelstrom starts nodes in a temp dir).
#
# It runs the compiled JavaScript under dist/ (made by `npm ci` / `npm run build`),
# because 25 nodes starting at once on 2 cores must each answer init within 10 s.
# If that file is missing or older than the sources, it falls back to tsx and
# says so on stderr: correct, only slower to start.
set -e
src=$1
shift
root=$(cd -- "$(dirname -- "$0")/.." && pwd -P)
dir=$(cd -- "$(dirname -- "$src")" && pwd -P)
base=$(basename -- "$src" .ts)
rel=${dir#"$root"/}
js="$root/dist/$rel/$base.js"
# `npm run build` touches dist/.built when it succeeds; tsc itself leaves unchanged outputs alone.
stamp="$root/dist/.built"
if [ -f "$js" ] && [ -f "$stamp" ] && [ -z "$(find "$root/lib" "$dir/$base.ts" -name '*.ts' -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; then
  # Stack traces name the .ts source and line (dist/ has a .js.map beside each file: tsconfig's sourceMap).
  exec node --enable-source-maps "$js" "$@"
fi
if [ ! -f "$js" ]; then why="does not exist"; else why="is older than its sources (or was not built by 'npm run build')"; fi
echo "[run-node] $js $why; running $dir/$base.ts through tsx instead (slower start-up). 'npm run build' fixes this." >&2
exec node --import "file://$root/node_modules/tsx/dist/loader.mjs" "$dir/$base.ts" "$@"
