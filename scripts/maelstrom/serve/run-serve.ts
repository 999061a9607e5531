import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import { createServeHandler } from "./handler.js";
import { parseServeArgs, type ServeOptions, ServeUsageError } from "./options.js";
import { SERVE_USAGE_LINE, serveUsageText } from "./usage.js";

export interface ServeIO {
  out(text: string): void;
  err(text: string): void;
  /** Relative --store paths are taken from here. Default: process.cwd(). */
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
  const baseDir = io.baseDir ?? process.cwd();
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
