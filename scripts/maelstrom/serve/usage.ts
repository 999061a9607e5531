import { SERVE_DEFAULTS } from "./options.js";

export const SERVE_USAGE_LINE = "usage: npm run maelstrom -- serve [-b HOST] [-p PORT] [--store DIR]  (--help for details)";

/** The full `serve --help` text. */
export function serveUsageText(baseDir: string = process.cwd()): string {
  return `Usage: npm run maelstrom -- serve [options]

Serves the results of past test runs (the store directory) as web pages: every
run, newest first, with its verdict in a coloured cell (blue: valid, orange:
unknown, pink: invalid, grey: crashed or unfinished) and its key figures; each
run's page lists its files (results, history, journal, node logs) and shows
results.json. Runs until killed (Ctrl-C).

The index shows 100 runs a page (?page=2 for the next). Nothing outside the
store is read, listed or served, even through a link, nor anything that is not
a regular file or directory (a FIFO, a device): such entries are named, with a
note. To summarise a run, at most 1 MiB of each of test.json, results.json and
results.edn is read (and the last 4 KiB of a bigger results.json, where its
"valid?" is); summaries are kept until the files change. Bigger files are
linked, and streamed when opened.

Options:
  -b, --host HOST   the address to listen on. Default ${SERVE_DEFAULTS.host}: this machine only.
                    Real Maelstrom listens on 0.0.0.0 (every interface) by default;
                    this one binds to loopback unless told otherwise, because the
                    pages show your runs' files to anyone who can connect. Give
                    -b 0.0.0.0 to share them on your network.
  -p, --port PORT   the port to listen on, 0 to 65535 (0: any free port).
                    Default ${SERVE_DEFAULTS.port}.
      --store DIR   the store directory that \`test\` writes to. Default ${SERVE_DEFAULTS.store}
                    (relative paths are taken from ${baseDir}).
  -h, --help        show this help.

Exit status: none while serving (it runs until killed); 254 bad arguments;
255 could not listen (say, the port is in use).
`;
}
