export const LOG_LEVELS = ["debug", "info", "warn", "error", "off"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variable that sets a node's log level. */
export const LOG_LEVEL_ENV = "MAELSTROM_NODE_LOG";

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/**
 * Reads the log level from the environment. An unknown value falls back to
 * `info` and says so, rather than silently hiding or flooding the log.
 */
export function logLevelFromEnv(env: Record<string, string | undefined>): { level: LogLevel; problem?: string } {
  const raw = env[LOG_LEVEL_ENV];
  if (raw === undefined || raw === "") return { level: "info" };
  const v = raw.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(v)) return { level: v as LogLevel };
  return {
    level: "info",
    problem: `${LOG_LEVEL_ENV}=${JSON.stringify(raw)} is not a log level; expected one of ${LOG_LEVELS.join(", ")}. Using info.`,
  };
}

/**
 * Diagnostics for people, on stderr (never stdout, which carries messages
 * only). Each line starts with the node id so interleaved logs stay readable.
 */
export class Logger {
  readonly level: LogLevel;
  readonly #write: (line: string) => void;
  readonly #who: () => string;

  constructor(write: (line: string) => void, level: LogLevel, who: () => string) {
    this.#write = write;
    this.level = level;
    this.#who = who;
  }

  enabled(level: Exclude<LogLevel, "off">): boolean {
    return rank[level] >= rank[this.level];
  }

  debug(text: string): void {
    this.#log("debug", text);
  }
  info(text: string): void {
    this.#log("info", text);
  }
  warn(text: string): void {
    this.#log("warn", text);
  }
  error(text: string): void {
    this.#log("error", text);
  }

  #log(level: Exclude<LogLevel, "off">, text: string): void {
    if (rank[level] < rank[this.level]) return;
    this.#write(`[${this.#who()}] ${level}: ${text}\n`);
  }
}
