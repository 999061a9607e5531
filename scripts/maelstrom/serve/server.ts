// The HTTP side of serve: the request handler (which page or file a path
// names), the responses (pages, streamed files, their content types and
// headers), and `runServe`, the command that listens.
import type { FileHandle } from "node:fs/promises";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream";
import { parseServeArgs, SERVE_USAGE_LINE, type ServeOptions, ServeUsageError, serveUsageText } from "./options.js";
import { indexPage, listingPage, missingReportPage, notFoundPage, PAGE_SIZE, runPage } from "./pages.js";
import { listRuns, REPORT_FILE_NAMES, RunCache, readRun, reportFilesOf, type RunSummary } from "./runs.js";
import { entryInStore, openInStore, parseRequestPath, realPathInStore } from "./store-files.js";
import { invocationDir } from "../../../maelstrom-workloads/options/invocation-dir.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HandlerOptions {
  /** Runs per page of the index. Default PAGE_SIZE (100). */
  pageSize?: number;
}

interface Context {
  /** The store as given, resolved: what pages show. */
  store: string;
  cache: RunCache<RunSummary | null>;
  pageSize: number;
}

/**
 * The request handler for a store directory: mount it on any HTTP server.
 * GET and HEAD only. Follows symlinks (store/latest) but never reads, lists or
 * serves anything whose real path is outside the store, nor anything that is
 * not a regular file or directory (store-files.ts). Run summaries are cached
 * while their files are unchanged.
 */
export function createServeHandler(storeDir: string, opts: HandlerOptions = {}): Handler {
  const ctx: Context = { store: resolve(storeDir), cache: new RunCache(), pageSize: Math.max(1, Math.floor(opts.pageSize ?? PAGE_SIZE)) };
  return (req, res) => {
    handle(ctx, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, req, 500, "text/plain; charset=utf-8", `internal error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { store } = ctx;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, req, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
  }
  const parsed = parseRequestPath(req.url ?? "/");
  if (!parsed.ok) return send(res, req, 400, "text/plain; charset=utf-8", `bad path: ${parsed.reason}\n`);
  const { segments } = parsed;
  const notFound = () => sendHtml(res, req, 404, notFoundPage(segments));
  const runsIn = (storeReal: string, workload?: string) => listRuns(storeReal, workload, { cache: ctx.cache });
  const index = async (runs: RunSummary[], workload?: string) => {
    const page = pageOf(req.url ?? "/");
    if (page === null) return send(res, req, 400, "text/plain; charset=utf-8", "bad query: page must be a whole number from 1, as in ?page=2\n");
    const { status, html } = await indexPage(store, runs, workload, page, ctx.pageSize);
    sendHtml(res, req, status, html);
  };
  const storeReal = await realpath(store).catch(() => null);
  if (segments.length === 0) return index(storeReal === null ? [] : await runsIn(storeReal));
  if (storeReal === null) return notFound();
  const target = await realPathInStore(storeReal, segments);
  if (target === null) {
    if (!(await missingReport(ctx, storeReal, segments, req, res))) notFound();
    return;
  }
  const st = await stat(target).catch(() => null);
  if (st === null) return notFound();

  if (st.isDirectory()) {
    const canonical = `/${segments.map(encodeURIComponent).join("/")}/`;
    if (!parsed.trailingSlash) {
      res.setHeader("Location", canonical);
      return send(res, req, 301, "text/plain; charset=utf-8", `see ${canonical}\n`);
    }
    const rel = relative(storeReal, target).split(sep).filter((s) => s !== "");
    if (rel.length === 0) return index(await runsIn(storeReal));
    if (rel.length === 1) {
      const runs = await runsIn(storeReal, rel[0]);
      if (runs.length > 0) return index(runs, rel[0]);
    }
    if (rel.length === 2) {
      const run = await readRun(storeReal, rel[0]!, rel[1]!, { cache: ctx.cache });
      if (run !== null) return sendHtml(res, req, 200, await runPage(store, storeReal, run, await reportFilesOf(storeReal, run.dir)));
    }
    return sendHtml(res, req, 200, await listingPage(storeReal, target, rel));
  }
  // Opened without blocking and checked again on the open file: a FIFO or a device is a 404.
  const file = await openInStore(storeReal, target);
  if (!file.ok) return notFound();
  sendFile(res, req, file.real, file.handle, file.stat.size);
}

/**
 * A report file (messages.svg, report.html...) asked for in a folder of the
 * store that does not have it: the 404 that says which file, and why older
 * runs have none. False (nothing sent) for any other path, and for a report
 * file that exists but is refused (a link out of the store, a FIFO): those get
 * the plain 404, which says nothing of what is there.
 */
async function missingReport(ctx: Context, storeReal: string, segments: readonly string[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const name = segments[segments.length - 1]!;
  if (!REPORT_FILE_NAMES.has(name)) return false;
  const folder = segments.slice(0, -1);
  const dir = await entryInStore(storeReal, join(storeReal, ...folder));
  if (!dir.ok || !dir.stat.isDirectory()) return false;
  const file = await entryInStore(storeReal, join(dir.real, name));
  if (file.ok || file.kind !== "missing") return false;
  const rel = relative(storeReal, dir.real).split(sep).filter((s) => s !== "");
  sendHtml(res, req, 404, missingReportPage(ctx.store, rel, name));
  return true;
}

/** The index page asked for by ?page=N: 1 when absent, null when not a whole number from 1. */
function pageOf(url: string): number | null {
  const q = url.indexOf("?");
  const raw = q < 0 ? null : new URLSearchParams(url.slice(q + 1).replace(/#.*$/s, "")).get("page");
  if (raw === null) return 1;
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

const TEXT_EXTENSIONS = new Set([".json", ".jsonl", ".txt", ".log", ".edn", ".md", ".csv", ".tsv"]);
const OTHER_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".css": "text/css; charset=utf-8",
};

/** The Content-Type a stored file is served with: text files as plain text, so that a browser shows them. */
export function contentType(path: string): string {
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.has(ext)) return "text/plain; charset=utf-8";
  return OTHER_TYPES[ext] ?? "application/octet-stream";
}

/** serve's own pages run no scripts. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";
/**
 * The report's pages and pictures (stored .html and .svg) run their own inline
 * scripts, and may load each other, but nothing from the network: the report
 * is whole in its files, and a page made from hostile node output must not be
 * able to send it anywhere.
 */
const STORED_POLICY = "default-src 'self' 'unsafe-inline' data: blob:";

/** A whole response with a text body (no body for HEAD). */
function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** A whole HTML page of serve's own, with a policy that allows no scripts. */
function sendHtml(res: ServerResponse, req: IncomingMessage, status: number, html: string): void {
  res.setHeader("Content-Security-Policy", PAGE_POLICY);
  send(res, req, status, "text/html; charset=utf-8", html);
}

/**
 * A stored file as it is, streamed from its open handle (never read whole):
 * its first `size` bytes (its size when opened). The handle is closed when the
 * response ends or fails.
 */
function sendFile(res: ServerResponse, req: IncomingMessage, path: string, handle: FileHandle, size: number): void {
  const type = contentType(path);
  res.writeHead(200, {
    "Content-Type": type,
    "Content-Length": size,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
    ...(type.startsWith("text/html") || type === "image/svg+xml" ? { "Content-Security-Policy": STORED_POLICY } : {}),
  });
  if (req.method === "HEAD" || size === 0) {
    void handle.close().catch(() => undefined);
    return void res.end();
  }
  // Only the bytes announced: a log still being written may grow meanwhile.
  pipeline(handle.createReadStream({ start: 0, end: size - 1 }), res, () => undefined);
}

export interface ServeIO {
  out(text: string): void;
  err(text: string): void;
  /** Relative --store paths are taken from here. Default: the folder the command was run from (invocationDir). */
  baseDir?: string;
  /** Called once the server listens (tests use it to learn the port and close it). */
  onListening?(server: Server, url: string): void;
}

const defaultIO: ServeIO = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

/**
 * `maelstrom serve`. Resolves with 0 after --help, 254 on bad arguments, 255 if
 * it cannot listen; otherwise it serves until the process is killed (and never
 * resolves).
 */
export async function runServe(argv: string[], io: ServeIO = defaultIO): Promise<number> {
  const baseDir = io.baseDir ?? invocationDir();
  let opts: ServeOptions | null;
  try {
    opts = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    io.err(`serve: ${e.message}\n${SERVE_USAGE_LINE}\n`);
    return 254;
  }
  if (opts === null) {
    io.out(serveUsageText(baseDir));
    return 0;
  }
  const storeDir = resolve(baseDir, opts.store);
  const server = createServer(createServeHandler(storeDir));
  const { host, port } = opts;
  return new Promise<number>((resolvePromise) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why = e.code === "EADDRINUSE" ? `port ${port} is in use; pick another with -p PORT` : e.code === "EACCES" ? `no permission to listen on port ${port}; use a port above 1023` : `${e.code ?? e.message}; check -b ${host}`;
      io.err(`serve: cannot listen on ${host}:${port}: ${why}\n`);
      resolvePromise(255);
    });
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address !== null ? address.port : port;
      const everywhere = host === "0.0.0.0" || host === "::";
      const shownHost = everywhere ? "localhost" : host.includes(":") ? `[${host}]` : host;
      const url = `http://${shownHost}:${actualPort}/`;
      io.out(`Serving ${storeDir} at ${url}${everywhere ? ` (listening on every interface, ${host})` : ""}; Ctrl-C to stop.\n`);
      io.onListening?.(server, url);
    });
  });
}
