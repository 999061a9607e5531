/** The environment variable that makes the harness print stack traces of its own failures. */
export const DEBUG_ENV = "MAELSTROM_NODES_DEBUG";

/** True when stack traces were asked for (MAELSTROM_NODES_DEBUG set to anything but "" or "0"). */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[DEBUG_ENV];
  return v !== undefined && v !== "" && v !== "0";
}

/**
 * A failure of the harness itself, for a person: one line with the error's
 * class and message, and a pointer to the debug switch; with debug on, the
 * stack follows on the next lines.
 */
export function describeFailure(e: unknown, debug = debugEnabled()): string {
  if (!(e instanceof Error)) return `${String(e)}`;
  const head = `${e.name}: ${e.message.split("\n")[0]}`;
  if (debug) return e.stack ?? head;
  return `${head} (${DEBUG_ENV}=1 shows the stack trace)`;
}
