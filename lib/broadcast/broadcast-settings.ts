import { MAX_TIMER_MS } from "../runtime/clock.js";

/** How nodes/broadcast.ts gossips. Named presets, each field overridable on the command line. */
export interface BroadcastSettings {
  /** The preset it started from. */
  preset: string;
  /**
   * star: every node sends to a hub (the first node id), the hub sends to all;
   * topology: gossip with the neighbours Maelstrom's `topology` names;
   * total: gossip with every node.
   */
  overlay: "star" | "topology" | "total";
  /** How often the hub (star) or every node (topology, total) sends what its peers lack. */
  periodMs: number;
  /** How often a star leaf looks for acks to send, batches to resend, a hub to give up on. */
  leafPeriodMs: number;
  /** A star leaf sends a client's value to the hub at once, not at its next tick. */
  eager: boolean;
  ackDelayMs: number;
  rtoMs: number;
  maxRtoMs: number;
  /** Forget a passive peer (one gossiping with us uninvited) after this long without a word. */
  idleMs: number;
  /**
   * Answer a client's `broadcast` only once another node is known to hold the
   * value (a peer acknowledged a batch with it, or sent it to us). Such a
   * value is sent at once (a leaf to the hub; the hub to one leaf it can
   * reach), and its batch asks for an immediate acknowledgement (ack_now).
   */
  durable: boolean;
  /**
   * durable: how long a broadcast waits for a second holder before it is
   * answered with error 0 (timeout, indefinite: the value may still spread).
   * It must end well before the client's 5 s timeout: Maelstrom replaces a
   * client after a timeout, and a reply that reaches the closed client makes
   * Maelstrom stop reading the node's output for the rest of the test.
   */
  durableWaitMs: number;
}

/**
 * The three named settings. Figures from 25 nodes, --rate 100, --latency 100
 * are in the README (npm run bench:broadcast prints them).
 * frugal: few messages. A leaf hands each new value to the hub at once; the hub
 *   sends each leaf what it lacks every 300 ms; leaves acknowledge the hub's
 *   batches on their own messages, or alone after 1.5 s.
 * fast: low latency. The same star with the hub sending every 40 ms. A short
 *   ack delay costs more than it saves: `-- fast --ack-delay 300 --rto 1000
 *   --max-rto 4000 --leaf-period 50` sent 4.42 msgs/op (median 145 ms) where
 *   this preset sends 3.12 (median 127 ms); see the README.
 * durable: frugal's star and timing, and a client's broadcast is answered
 *   only once a second node holds the value (see `durable` above): a client
 *   waits about one round trip (a leaf's value to the hub and its ack back),
 *   and the hub's immediate acks cost about half a message per op more
 *   (1.76 msgs/op where frugal sends 1.29, in the same run).
 *
 * What each guarantees when a node is killed (SIGKILL: its memory is gone;
 * it comes back empty, and every setting refills it from its peers):
 * - frugal and fast acknowledge a value as soon as the node the client asked
 *   has stored it. A value is lost if every node holding it is killed before
 *   passing it on: with one node killed at a time, a value acknowledged by
 *   the killed node and not yet stored anywhere else. That window is one
 *   network hop for a value a leaf was given (it sends it to the hub at
 *   once), up to one hub period (300 ms frugal, 40 ms fast) plus a hop for a
 *   value the hub was given, and as long as the node cannot reach any peer
 *   (a partition) for either.
 * - durable acknowledges a value only after another node acknowledged storing
 *   it (or sent it to us), so an acknowledged value is on two nodes, and
 *   killing any one node loses none. It can still be lost if both holders are
 *   killed, one after the other, before it reaches a third node (say the first
 *   comes back empty and a partition keeps the second from refilling it
 *   before the second is killed). While no peer answers (the node is cut off),
 *   a broadcast is not acknowledged: after `durableWaitMs` it is answered with
 *   error 0 (timeout, indefinite: Maelstrom records it as indeterminate), and
 *   the value is still resent with backoff, so it spreads once the partition
 *   heals.
 */
export const PRESETS: Readonly<Record<string, BroadcastSettings>> = {
  frugal: { preset: "frugal", overlay: "star", periodMs: 300, leafPeriodMs: 100, eager: true, ackDelayMs: 1500, rtoMs: 2500, maxRtoMs: 5000, idleMs: 5000, durable: false, durableWaitMs: 4000 },
  fast: { preset: "fast", overlay: "star", periodMs: 40, leafPeriodMs: 100, eager: true, ackDelayMs: 1500, rtoMs: 2500, maxRtoMs: 5000, idleMs: 5000, durable: false, durableWaitMs: 4000 },
  durable: { preset: "durable", overlay: "star", periodMs: 300, leafPeriodMs: 100, eager: true, ackDelayMs: 1500, rtoMs: 2500, maxRtoMs: 5000, idleMs: 5000, durable: true, durableWaitMs: 4000 },
};

export const DEFAULT_PRESET = "frugal";

export const BROADCAST_USAGE = `usage: nodes/broadcast.ts [frugal|fast] [options]
       nodes/broadcast.ts durable [options]
Maelstrom passes trailing arguments of \`maelstrom test\` to the node, e.g.
  maelstrom test -w broadcast --bin nodes/broadcast.ts --node-count 25 --rate 100 --latency 100 fast
Presets: frugal (default; fewest messages), fast (lowest latency),
durable (a broadcast is answered once a second node holds the value).
Options override the preset:
  --overlay star|topology|total   who gossips with whom (star: through a hub, the first node)
  --period MS                     how often the hub (or, without a star, every node) sends diffs
  --leaf-period MS                how often a star leaf sends due acks and resends
  --eager / --no-eager            a star leaf sends a client's value to the hub at once, or at its next tick
  --durable / --no-durable        answer a broadcast only once another node holds the value, or at once
  --durable-wait MS               durable: answer error 0 (timeout) if no other node holds it by then;
                                  keep it under the client's 5 s timeout (default 4000)
  --ack-delay MS                  longest an ack waits for a message to ride on
  --rto MS                        resend a batch not acknowledged within this
  --max-rto MS                    cap of the doubling resend timeout for an unreachable peer
  --idle MS                       forget a passive peer after this long without a word
Every MS is a whole number of milliseconds from 1 to 2147483647, about 24.8 days
(--ack-delay may be 0).`;

/**
 * The longest duration any flag takes: 2^31-1 ms, about 24.8 days. The node's
 * timers (RealClock) would wait longer out in steps; this is a sane maximum,
 * far beyond any period, timeout or idle time a test could use.
 */
export const MAX_DURATION_MS = MAX_TIMER_MS;

/** Each duration flag, the setting it sets, and its least value (only an ack may be sent at the next tick: 0). */
const DURATIONS: Record<string, { key: keyof BroadcastSettings; min: 0 | 1 }> = {
  "--period": { key: "periodMs", min: 1 },
  "--leaf-period": { key: "leafPeriodMs", min: 1 },
  "--ack-delay": { key: "ackDelayMs", min: 0 },
  "--rto": { key: "rtoMs", min: 1 },
  "--max-rto": { key: "maxRtoMs", min: 1 },
  "--idle": { key: "idleMs", min: 1 },
  "--durable-wait": { key: "durableWaitMs", min: 1 },
};

/** A whole number of milliseconds in [min, MAX_DURATION_MS], written in plain decimal digits; else why not. */
export function parseDuration(flag: string, value: string | undefined, min: number): { ok: true; ms: number } | { ok: false; error: string } {
  const ms = value !== undefined && /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (ms >= min && ms <= MAX_DURATION_MS) return { ok: true, ms };
  return { ok: false, error: `${flag}: expected a whole number of milliseconds from ${min} to ${MAX_DURATION_MS}, got ${JSON.stringify(value ?? "nothing")}` };
}

/** Reads the node's command line. */
export function parseBroadcastArgs(argv: readonly string[]): { ok: true; settings: BroadcastSettings } | { ok: false; error: string } {
  const args = [...argv];
  let s: BroadcastSettings = { ...PRESETS[DEFAULT_PRESET]! };
  if (args[0] !== undefined && !args[0].startsWith("-")) {
    const name = args.shift()!;
    const p = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
    if (!p) return { ok: false, error: `unknown setting ${JSON.stringify(name)}; expected one of ${Object.keys(PRESETS).join(", ")}` };
    s = { ...p };
  }
  while (args.length > 0) {
    const raw = args.shift()!;
    const [flag, inline] = raw.includes("=") ? [raw.slice(0, raw.indexOf("=")), raw.slice(raw.indexOf("=") + 1)] : [raw, undefined];
    if (flag === "--eager" || flag === "--no-eager") {
      s.eager = flag === "--eager";
      continue;
    }
    if (flag === "--durable" || flag === "--no-durable") {
      s.durable = flag === "--durable";
      continue;
    }
    const value = inline ?? args.shift();
    if (flag === "--overlay") {
      if (value !== "star" && value !== "topology" && value !== "total") return { ok: false, error: `--overlay: expected star, topology or total, got ${JSON.stringify(value ?? "nothing")}` };
      s.overlay = value;
      continue;
    }
    const d = Object.hasOwn(DURATIONS, flag) ? DURATIONS[flag] : undefined;
    if (!d) return { ok: false, error: `unknown option ${JSON.stringify(raw)}` };
    const ms = parseDuration(flag, value, d.min);
    if (!ms.ok) return ms;
    (s[d.key] as number) = ms.ms;
  }
  if (s.rtoMs <= s.ackDelayMs) return { ok: false, error: `--rto (${s.rtoMs}) must exceed --ack-delay (${s.ackDelayMs}), or batches are resent before their acks can arrive` };
  if (s.maxRtoMs < s.rtoMs) return { ok: false, error: `--max-rto (${s.maxRtoMs}) must be at least --rto (${s.rtoMs})` };
  if (argv.length > (Object.hasOwn(PRESETS, argv[0] ?? "") ? 1 : 0)) s.preset += " with overrides";
  return { ok: true, settings: s };
}
