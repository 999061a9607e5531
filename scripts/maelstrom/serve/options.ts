// serve's command line: its options, their defaults, how they are parsed, and
// the --help text that documents them.
import { commandName } from "../../../maelstrom-workloads/options/command-name.js";
import { invocationDir } from "../../../maelstrom-workloads/options/invocation-dir.js";

export const SERVE_DEFAULTS = { host: "127.0.0.1", port: 8080, store: "store" } as const;

export interface ServeOptions {
  host: string;
  port: number;
  /** The store directory, as given (resolved against the base directory when used). */
  store: string;
}

/** A bad command line; runServe prints the message and the usage line and returns 254. */
export class ServeUsageError extends Error {
  override readonly name = "ServeUsageError";
}

/** Parses serve's options (the word `serve` already removed). Returns null for --help. */
export function parseServeArgs(argv: readonly string[]): ServeOptions | null {
  const opts: ServeOptions = { ...SERVE_DEFAULTS };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq > 0 ? arg.slice(0, eq) : arg;
      if (eq > 0) value = arg.slice(eq + 1);
    } else if (/^-[bp]./.test(arg)) {
      name = arg.slice(0, 2);
      value = arg.slice(2);
    } else {
      name = arg;
    }
    const canonical = name === "-b" ? "--host" : name === "-p" ? "--port" : name;
    if (canonical !== "--host" && canonical !== "--port" && canonical !== "--store") {
      if (!arg.startsWith("-")) throw new ServeUsageError(`unexpected argument ${JSON.stringify(arg)}; serve takes only options`);
      throw new ServeUsageError(`unknown option ${JSON.stringify(name)}; the options are -b/--host, -p/--port, --store and -h/--help`);
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) throw new ServeUsageError(`${name} needs a value, as in ${name} ${example(canonical)}`);
      value = next;
      i++;
    }
    if (value === "") throw new ServeUsageError(`${name} needs a value, but got an empty one; as in ${name} ${example(canonical)}`);
    if (canonical === "--port") {
      if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ServeUsageError(`${name} must be a port number from 0 to 65535, but got ${JSON.stringify(value)}`);
      opts.port = Number(value);
    } else if (canonical === "--host") {
      opts.host = value;
    } else {
      opts.store = value;
    }
  }
  return help ? null : opts;
}

function example(option: string): string {
  return option === "--port" ? "8080" : option === "--host" ? "0.0.0.0" : "store";
}

export const SERVE_USAGE_LINE = `usage: ${commandName("maelstrom")} serve [-b HOST] [-p PORT] [--store DIR]  (--help for details)`;

/** The full `serve --help` text. */
export function serveUsageText(baseDir: string = invocationDir()): string {
  return `Usage: ${commandName("maelstrom")} serve [options]

Serves the results of past test runs (the store directory) as web pages: every
run of every workload, newest first, with its start time, node count, key
figures and verdict in a coloured cell, in Maelstrom's colours (blue: valid,
orange: unknown, pink: invalid, grey: running or no results) and two of ours
(violet: crashed or abandoned, pale yellow: interrupted). Each run links to its
report (report.html) when it has one, and to its page: links to the report's
files (messages.svg, the Lamport diagram; timeline.html; latency-raw.svg,
latency-quantiles.svg, rate.svg), its files (results, history, journal, node
logs) and results.json. Runs stored before reports were written have none.
Runs until killed (Ctrl-C).

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
