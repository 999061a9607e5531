import { extname } from "node:path";

const TEXT_EXTENSIONS = new Set([".json", ".jsonl", ".txt", ".log", ".edn", ".md", ".csv", ".tsv"]);
const OTHER_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".css": "text/css; charset=utf-8",
};

/** The Content-Type a stored file is served with. */
export function contentType(path: string): string {
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.has(ext)) return "text/plain; charset=utf-8";
  return OTHER_TYPES[ext] ?? "application/octet-stream";
}
