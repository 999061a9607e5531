// `maelstrom serve`: a small web UI over the store directory, like Jepsen's.
// The index lists every run, newest first, with its verdict coloured as Jepsen
// does; each run has a page with its files and its results; files are served
// as they are. Plain HTML, no scripts. Run: npm run maelstrom -- serve --help
// The work is done in scripts/maelstrom/serve/; this file gathers its public API.
export { contentType } from "./serve/content-type.js";
export { ednTopLevelValid } from "./serve/edn.js";
export type { RunFigures } from "./serve/figures.js";
export { formatSize } from "./serve/format.js";
export { createServeHandler, type HandlerOptions } from "./serve/handler.js";
export { esc } from "./serve/html.js";
export { parseServeArgs, SERVE_DEFAULTS, type ServeOptions, ServeUsageError } from "./serve/options.js";
export { type ParsedPath, parseRequestPath } from "./serve/paths.js";
export { runServe, type ServeIO } from "./serve/run-serve.js";
export { RunCache } from "./serve/run-cache.js";
export { listRuns, readRun, type RunOptions, type RunSummary, SUMMARY_CAP, validAtEnd } from "./serve/runs.js";
export { entryInStore, openInStore, readInStore } from "./serve/store-file.js";
export { parseTimestamp } from "./serve/timestamp.js";
export { SERVE_USAGE_LINE, serveUsageText } from "./serve/usage.js";
export { type Verdict, VERDICT_COLORS, type VerdictKind } from "./serve/verdict.js";
