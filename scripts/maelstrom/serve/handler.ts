import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { relative, resolve, sep } from "node:path";
import { indexPage } from "./index-page.js";
import { listingPage } from "./listing-page.js";
import { parseRequestPath, realPathInStore } from "./paths.js";
import { runPage } from "./run-page.js";
import { listRuns, readRun } from "./runs.js";
import { notFound, send, sendFile, sendHtml } from "./send.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The request handler for a store directory: mount it on any HTTP server.
 * GET and HEAD only. Follows symlinks (store/latest) but never serves anything
 * whose real path is outside the store.
 */
export function createServeHandler(storeDir: string): Handler {
  const store = resolve(storeDir);
  return (req, res) => {
    handle(store, req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, req, 500, "text/plain; charset=utf-8", `internal error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  };
}

async function handle(store: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return send(res, req, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
  }
  const parsed = parseRequestPath(req.url ?? "/");
  if (!parsed.ok) return send(res, req, 400, "text/plain; charset=utf-8", `bad path: ${parsed.reason}\n`);
  const { segments } = parsed;
  if (segments.length === 0) return sendHtml(res, req, 200, await indexPage(store, await listRuns(store)));

  const storeReal = await realpath(store).catch(() => null);
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
    if (rel.length === 0) return sendHtml(res, req, 200, await indexPage(store, await listRuns(store)));
    if (rel.length === 1) {
      const runs = await listRuns(storeReal, rel[0]);
      if (runs.length > 0) return sendHtml(res, req, 200, await indexPage(store, runs, rel[0]));
    }
    if (rel.length === 2) {
      const run = await readRun(storeReal, rel[0]!, rel[1]!);
      if (run !== null) return sendHtml(res, req, 200, await runPage(store, run));
    }
    return sendHtml(res, req, 200, await listingPage(target, rel));
  }
  if (!st.isFile()) return notFound(res, req, segments);
  sendFile(res, req, target, st.size);
}
