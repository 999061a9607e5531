import { type BroadcastSettings, parseBroadcastArgs, parseDuration, PRESETS } from "../broadcast/broadcast-settings.js";

/**
 * How nodes/causal-broadcast.ts gossips: the broadcast node's settings (the
 * same presets, overlay and timings: lib/broadcast/broadcast-settings.ts)
 * and how long a request with `deps` may wait for them.
 *
 * Under kill, each preset guarantees what it does for the broadcast node
 * (frugal, the default: a value is lost only if every node holding it is
 * killed before passing it on; durable: an acknowledged value is on two
 * nodes), with one addition that causality imposes: a message that depends
 * on a lost one can never be delivered, so it is lost too. Only a node that
 * held the lost message can have broadcast such a message, so with one node
 * killed at a time these are the killed instance's later messages that got
 * out (its earlier one is in their past). A token that counts a
 * lost message can never be covered: requests carrying it get error 11.
 * A restarted node comes back empty: until its peers have refilled it, its
 * reads lack what it had delivered, and a client that stays on it (no deps)
 * may broadcast a message that does not depend on what it read before the
 * kill. A client that carries tokens keeps its causal past across restarts.
 */
export interface CausalSettings extends BroadcastSettings {
  /**
   * How long a `read` or `broadcast` with `deps` waits for this node to have
   * delivered everything `deps` covers before it is answered error 11
   * (temporarily unavailable: definite, nothing happened). Under the client's
   * 5 s timeout, so the client hears a definite answer rather than none.
   */
  depsWaitMs: number;
}

export const DEFAULT_DEPS_WAIT_MS = 4000;

export const CAUSAL_USAGE = `usage: nodes/causal-broadcast.ts [frugal|fast|durable] [--deps-wait MS] [broadcast options]
Causal broadcast: every node delivers the messages in an order that respects
causality (a message after everything its sender had delivered when it was
broadcast), and \`read\` returns them in this node's delivery order.
Presets and options are nodes/broadcast.ts's (see nodes/broadcast.ts --help):
frugal (default; fewest messages), fast (lowest latency), durable (a broadcast
is answered once a second node holds it).
  --deps-wait MS   how long a request with "deps" waits for them to be delivered
                   here before error 11; keep it under the client's 5 s timeout
                   (default ${DEFAULT_DEPS_WAIT_MS})`;

/** Reads the node's command line: --deps-wait, and the rest as nodes/broadcast.ts reads it. */
export function parseCausalArgs(argv: readonly string[]): { ok: true; settings: CausalSettings } | { ok: false; error: string } {
  const rest: string[] = [];
  let depsWaitMs = DEFAULT_DEPS_WAIT_MS;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== "--deps-wait" && !a.startsWith("--deps-wait=")) {
      rest.push(a);
      continue;
    }
    const value = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
    const ms = parseDuration("--deps-wait", value, 1);
    if (!ms.ok) return ms;
    depsWaitMs = ms.ms;
  }
  const b = parseBroadcastArgs(rest);
  if (!b.ok) return b;
  return { ok: true, settings: { ...b.settings, depsWaitMs } };
}

/** The frugal preset with the default patience, for tests. */
export const CAUSAL_DEFAULTS: CausalSettings = { ...PRESETS.frugal!, depsWaitMs: DEFAULT_DEPS_WAIT_MS };
