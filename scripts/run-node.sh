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
# An installed package (under node_modules) ships its dist/ built; npm's unpacking gives every file
# the time it was unpacked, so their times say nothing: it is not checked.
case "$root" in */node_modules/*) installed=yes ;; *) installed= ;; esac
if [ -f "$js" ] && { [ -n "$installed" ] || { [ -f "$stamp" ] && [ -z "$(find "$root/lib" "$dir/$base.ts" -name '*.ts' -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; }; }; then
  # Stack traces name the .ts source and line (dist/ has a .js.map beside each file: tsconfig's sourceMap).
  exec node --enable-source-maps "$js" "$@"
fi
tsx="$root/node_modules/tsx/dist/loader.mjs"
case "$dir/" in
  "$root"/*)
    if [ ! -f "$js" ]; then why="$js does not exist"; else why="$js is older than its sources (or was not built by 'npm run build')"; fi
    advice="'npm run build' fixes this" ;;
  *)
    # A file outside this repository (a node of the user's own that copied the launcher line):
    # no build of ours compiles it.
    why="$src is outside $root, so no build of ours compiles it"
    advice="for a node of your own, 'maelstrom-nodes bundle $src' (here: npm run maelstrom -- bundle $src) writes one executable file that starts fast" ;;
esac
if [ ! -f "$tsx" ]; then
  echo "[run-node] $why, and tsx is not installed in $root to run $src from source; $advice." >&2
  exit 127
fi
echo "[run-node] $why; running $dir/$base.ts through tsx instead (slower start-up); $advice." >&2
exec node --import "file://$tsx" "$dir/$base.ts" "$@"
