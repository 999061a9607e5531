import type { FileHandle } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { contentType } from "./content-type.js";
import { esc, layout } from "./html.js";

/** A whole response with a text body (no body for HEAD). */
export function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** A whole HTML page, with a policy that allows no scripts. */
export function sendHtml(res: ServerResponse, req: IncomingMessage, status: number, html: string): void {
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'");
  send(res, req, status, "text/html; charset=utf-8", html);
}

/** The 404 page for a path that is not in the store (or leads out of it). */
export function notFound(res: ServerResponse, req: IncomingMessage, segments: string[]): void {
  sendHtml(res, req, 404, layout("Not found", `<h1>Not found</h1><p>There is no <code>${esc(segments.join("/"))}</code> in the store.</p><p><a href="/">All runs</a></p>`));
}

/**
 * A stored file as it is, streamed from its open handle (never read whole):
 * its first `size` bytes (its size when opened). The handle is closed when the
 * response ends or fails.
 */
export function sendFile(res: ServerResponse, req: IncomingMessage, path: string, handle: FileHandle, size: number): void {
  res.writeHead(200, {
    "Content-Type": contentType(path),
    "Content-Length": size,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD" || size === 0) {
    void handle.close().catch(() => undefined);
    return void res.end();
  }
  // Only the bytes announced: a log still being written may grow meanwhile.
  pipeline(handle.createReadStream({ start: 0, end: size - 1 }), res, () => undefined);
}
