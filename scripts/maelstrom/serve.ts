// `maelstrom serve`: a small web UI over the store directory, like Jepsen's.
// The index lists every run, newest first, with its verdict coloured as
// Maelstrom does and a link to its report; each run has a page with its report
// files, its files and its results; files are served as they are. Serve's own
// pages are plain HTML, no scripts. Run: npm run maelstrom -- serve --help
// The work is in scripts/maelstrom/serve/:
//   options.ts      the command line and --help
//   store-files.ts  reading the store safely (links out of it, FIFOs, huge files, bad JSON)
//   verdict.ts      how a run is judged, and the verdict colours
//   runs.ts         finding and summarising the runs, newest first, with a cache
//   pages.ts        the HTML pages
//   server.ts       the HTTP handler, responses and content types, and runServe
export { parseServeArgs, SERVE_DEFAULTS, SERVE_USAGE_LINE, type ServeOptions, ServeUsageError, serveUsageText } from "./serve/options.js";
export { esc, missingReportPage, noReportHint } from "./serve/pages.js";
export { listRuns, readRun, REPORT_FILES, type ReportFileName, reportFilesOf, RunCache, type RunOptions, type RunSummary, parseTimestamp, SUMMARY_CAP } from "./serve/runs.js";
export { contentType, createServeHandler, type HandlerOptions, runServe, type ServeIO } from "./serve/server.js";
export { entryInStore, formatSize, openInStore, type ParsedPath, parseRequestPath, readInStore } from "./serve/store-files.js";
export { ednTopLevelValid, type RunFigures, validAtEnd, type Verdict, VERDICT_COLORS, type VerdictKind } from "./serve/verdict.js";
