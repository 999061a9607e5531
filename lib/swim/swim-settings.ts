import { MAX_TIMER_MS } from "../runtime/clock.js";

/** How nodes/swim.ts probes, suspects and gossips. Every field has a command-line flag. */
export interface SwimSettings {
  /** Protocol period: one probe per period (stretched by local health). */
  periodMs: number;
  /** Wait this long for a direct ack before asking helpers (stretched by local health). */
  pingTimeoutMs: number;
  /** Helpers asked to ping-req a member that missed its direct ack. */
  k: number;
  /** Each piece of news is passed on lambda * ceil(log10(n + 1)) times by each node. */
  lambda: number;
  /** Least suspicion timeout: this many periods times log10(n) (at least 1). */
  suspicionMult: number;
  /** Longest suspicion timeout (no independent confirmation): this times the least. */
  suspicionMaxMult: number;
  /** Independent suspicions that bring the timeout down to the least. */
  confirmations: number;
  /** Local health tops out at this multiple of the period and ping timeout. */
  awarenessMax: number;
  /** While there is news, send it to `gossipFanout` members this often, besides riding on pings and acks. */
  gossipIntervalMs: number;
  gossipFanout: number;
  /** Most pieces of news on one message. */
  maxPiggyback: number;
  /** Ping one member believed dead this often, so that healed partitions merge; 0: never. */
  deadProbeMs: number;
  /** Points per member on the consistent-hash ring. */
  virtualNodes: number;
}

/**
 * Defaults for Maelstrom's --latency up to 100 ms (a round trip up to 200 ms,
 * a ping-req path of four hops up to 400 ms): 1 s periods; a direct ack
 * waited for 400 ms, leaving 600 ms for helpers (who nack at 320 ms) within
 * the period. Suspicion: at 25 nodes at least 2.1 s (memberlist's defaults
 * take 5.6 s) once two other nodes have suspected the member on their own, at
 * most 6.3 s for a suspicion nobody else confirms, so a member suspected over
 * a lost message has six seconds of gossip to refute it. Measured on the
 * simulator (25 nodes, --latency 50, 13 killed at once): all live nodes agreed
 * on each death in 5.3 to 9.9 s (median 7.5); with --suspicion-mult 2
 * --confirmations 3, 5.3 to 11.3 s (median 8.5).
 */
export const DEFAULT_SWIM: Readonly<SwimSettings> = {
  periodMs: 1000,
  pingTimeoutMs: 400,
  k: 3,
  lambda: 4,
  suspicionMult: 1.5,
  suspicionMaxMult: 3,
  confirmations: 2,
  awarenessMax: 8,
  gossipIntervalMs: 200,
  gossipFanout: 2,
  maxPiggyback: 10,
  deadProbeMs: 1000,
  virtualNodes: 128,
};

export const SWIM_USAGE = `usage: nodes/swim.ts [options]
SWIM membership with Lifeguard: answers members and lookup (see the README).
Maelstrom passes trailing arguments of \`maelstrom test\` to the node, e.g.
  maelstrom test -w membership --bin nodes/swim.ts --node-count 25 --latency 50 --period 1000
Options (defaults suit --latency up to 100 ms):
  --period MS             protocol period: one probe each (default 1000)
  --ping-timeout MS       wait for a direct ack before ping-req; less than --period (default 400)
  --k N                   helpers asked to ping-req a member that did not ack (default 3)
  --lambda N              news is passed on N * ceil(log10(n+1)) times by each node (default 4)
  --suspicion-mult X      least suspicion timeout: X periods * log10(n), at least X periods (default 1.5)
  --suspicion-max-mult X  longest suspicion timeout, with no confirmation: X * the least (default 3)
  --confirmations N       independent suspicions that bring it down to the least (default 2)
  --awareness-max N       local health stretches period and ping timeout up to N times (default 8)
  --gossip-interval MS    while there is news, gossip it this often (default 200)
  --gossip-fanout N       to this many members (default 2; 0: news rides on pings and acks only)
  --max-piggyback N       most pieces of news on one message (default 10)
  --dead-probe MS         ping one member believed dead this often, to merge healed partitions; 0: never (default 1000)
  --virtual-nodes N       points per member on the consistent-hash ring (default 128)
MS: a whole number of milliseconds from 1 to ${MAX_TIMER_MS}; N: a whole number; X: a number > 0.`;

type Kind = { kind: "ms"; min: number } | { kind: "int"; min: number; max: number } | { kind: "real" };
const FLAGS: Record<string, { key: keyof SwimSettings } & Kind> = {
  "--period": { key: "periodMs", kind: "ms", min: 1 },
  "--ping-timeout": { key: "pingTimeoutMs", kind: "ms", min: 1 },
  "--k": { key: "k", kind: "int", min: 0, max: 64 },
  "--lambda": { key: "lambda", kind: "int", min: 1, max: 100 },
  "--suspicion-mult": { key: "suspicionMult", kind: "real" },
  "--suspicion-max-mult": { key: "suspicionMaxMult", kind: "real" },
  "--confirmations": { key: "confirmations", kind: "int", min: 0, max: 1000 },
  "--awareness-max": { key: "awarenessMax", kind: "int", min: 1, max: 100 },
  "--gossip-interval": { key: "gossipIntervalMs", kind: "ms", min: 1 },
  "--gossip-fanout": { key: "gossipFanout", kind: "int", min: 0, max: 1000 },
  "--max-piggyback": { key: "maxPiggyback", kind: "int", min: 1, max: 10_000 },
  "--dead-probe": { key: "deadProbeMs", kind: "ms", min: 0 },
  "--virtual-nodes": { key: "virtualNodes", kind: "int", min: 1, max: 10_000 },
};

function parseValue(flag: string, value: string | undefined, k: Kind): { ok: true; n: number } | { ok: false; error: string } {
  const shown = JSON.stringify(value ?? "nothing");
  if (k.kind === "real") {
    const n = value !== undefined && /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
    return n > 0 && n <= 1000 ? { ok: true, n } : { ok: false, error: `${flag}: expected a number above 0 and at most 1000, got ${shown}` };
  }
  const [min, max, what] = k.kind === "ms" ? [k.min, MAX_TIMER_MS, "a whole number of milliseconds"] : [k.min, k.max, "a whole number"];
  const n = value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? { ok: true, n } : { ok: false, error: `${flag}: expected ${what} from ${min} to ${max}, got ${shown}` };
}

/** Reads the node's command line: `--flag value` or `--flag=value`; else the first problem, naming the flag. */
export function parseSwimArgs(argv: readonly string[]): { ok: true; settings: SwimSettings } | { ok: false; error: string } {
  const args = [...argv];
  const s: SwimSettings = { ...DEFAULT_SWIM };
  while (args.length > 0) {
    const raw = args.shift()!;
    const eq = raw.indexOf("=");
    const [flag, inline] = raw.startsWith("--") && eq > 0 ? [raw.slice(0, eq), raw.slice(eq + 1)] : [raw, undefined];
    const f = Object.hasOwn(FLAGS, flag) ? FLAGS[flag] : undefined;
    if (!f) return { ok: false, error: `unknown option ${JSON.stringify(raw)}` };
    const v = parseValue(flag, inline ?? args.shift(), f);
    if (!v.ok) return v;
    s[f.key] = v.n;
  }
  if (s.pingTimeoutMs >= s.periodMs) return { ok: false, error: `--ping-timeout (${s.pingTimeoutMs}) must be less than --period (${s.periodMs}): helpers need the rest of the period` };
  if (s.suspicionMaxMult < 1) return { ok: false, error: `--suspicion-max-mult (${s.suspicionMaxMult}) must be at least 1: the longest timeout cannot be below the least` };
  return { ok: true, settings: s };
}
