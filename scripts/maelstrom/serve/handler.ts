import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { relative, resolve, sep } from "node:path";
import { indexPage, PAGE_SIZE } from "./index-page.js";
import { listingPage } from "./listing-page.js";
import { parseRequestPath, realPathInStore } from "./paths.js";
import { RunCache } from "./run-cache.js";
import { runPage } from "./run-page.js";
import { listRuns, readRun, type RunSummary } from "./runs.js";
import { notFound, send, sendFile, sendHtml } from "./send.js";
import { openInStore } from "./store-file.js";

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
 * not a regular file or directory (store-file.ts). Run summaries are cached
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
  const runsIn = (storeReal: string, workload?: string) => listRuns(storeReal, workload, { cache: ctx.cache });
  const index = async (runs: RunSummary[], workload?: string) => {
    const page = pageOf(req.url ?? "/");
    if (page === null) return send(res, req, 400, "text/plain; charset=utf-8", "bad query: page must be a whole number from 1, as in ?page=2\n");
    const { status, html } = await indexPage(store, runs, workload, page, ctx.pageSize);
    sendHtml(res, req, status, html);
  };
  const storeReal = await realpath(store).catch(() => null);
  if (segments.length === 0) return index(storeReal === null ? [] : await runsIn(storeReal));
  if (storeReal === null) return notFound(res, req, segments);
  const target = await realPathInStore(storeReal, segments);
  if (target === null) return notFound(res, req, segments);
  const st = await stat(target).catch(() => null);
  if (st === null) return notFound(res, req, segments);

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
      if (run !== null) return sendHtml(res, req, 200, await runPage(store, storeReal, run));
    }
    return sendHtml(res, req, 200, await listingPage(storeReal, target, rel));
  }
  // Opened without blocking and checked again on the open file: a FIFO or a device is a 404.
  const file = await openInStore(storeReal, target);
  if (!file.ok) return notFound(res, req, segments);
  sendFile(res, req, file.real, file.handle, file.stat.size);
}

/** The index page asked for by ?page=N: 1 when absent, null when not a whole number from 1. */
function pageOf(url: string): number | null {
  const q = url.indexOf("?");
  const raw = q < 0 ? null : new URLSearchParams(url.slice(q + 1).replace(/#.*$/s, "")).get("page");
  if (raw === null) return 1;
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
