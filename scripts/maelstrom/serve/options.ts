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
