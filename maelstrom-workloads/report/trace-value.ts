import type { FaultSpan, JournalMessage } from "./report-types.js";

/** Where one value went, as traceValue finds it. */
export interface TraceResult {
  value: unknown;
  /** Indices into `messages` of every message whose body carries the value, in their order. */
  carriers: number[];
  /** Lanes some carrier was delivered to, in the order of `lanes` (then first delivery). */
  deliveredTo: string[];
  /** Nodes (neither clients nor services) that no carrier was delivered to and that never sent one (a node that sent it had it). */
  neverDelivered: string[];
  /** Nodes a carrier was delivered to that never sent the value on afterwards, in any message. */
  notPassedOn: string[];
  /** The carrier whose delivery, drop or send came last; null when none carried it. */
  last: { index: number; atNs: number; delivered: boolean; why: string | null } | null;
  /** Faults in force at last.atNs. */
  faultsAtLast: FaultSpan[];
  /** The findings in words, one sentence a line. */
  lines: string[];
}

/**
 * Follows one value through a run: every message whose body carries it (as a
 * JSON value anywhere inside the body: broadcast's {"message": 7}, gossip's
 * {"messages": [7, 9]}, read_ok's lists), which nodes it reached and which it
 * never did, where it was last seen, and which faults were in force then.
 * The body's own top-level `type`, `msg_id` and `in_reply_to` are not
 * searched (else tracing 7 would find every message numbered 7); object keys
 * are not searched, only values. Values compare as JSON: 7 and "7" differ.
 *
 * `lanes` (default: every src and dest) are the lanes to judge; of those,
 * the nodes count for "never delivered" (a client c… or a service such as
 * lin-kv, whose id has no digit, is not expected to get every value).
 *
 * `alsoCarriers`: indices of messages known to carry the value though their
 * body no longer shows it (cut to fit report.html; see clipBody).
 *
 * Kept self-contained (no imports at run time, no module-level values; it
 * calls only bodyValues, which report.html inlines beside it under the same
 * name): report.html inlines it with toString() and the trace box runs this
 * code.
 */
export function traceValue(
  messages: readonly JournalMessage[],
  value: unknown,
  faults: readonly FaultSpan[],
  lanes?: readonly string[],
  alsoCarriers?: readonly number[],
): TraceResult {
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
    if (Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = b as Record<string, unknown>;
    return ka.length === Object.keys(kb).length && ka.every((k) => Object.prototype.hasOwnProperty.call(kb, k) && same((a as Record<string, unknown>)[k], kb[k]));
  };
  const carries = (body: unknown): boolean => bodyValues(body, (v) => same(v, value));
  const json = (v: unknown): string => {
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch {
      return String(v);
    }
  };
  const secs = (ns: number): string => (ns / 1e9).toFixed(3) + " s";
  const isNode = (l: string): boolean => l.charAt(0) !== "c" && /\d/.test(l);
  const list = (xs: readonly string[]): string => xs.join(", ");
  const plural = (n: number, one: string, many: string): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  const spanText = (f: FaultSpan): string => `${f.kind} ${f.label} (${secs(f.fromNs)} to ${f.toNs === Infinity ? "the end" : secs(f.toNs)})`;
  const inForce = (t: number, lane: string | null): FaultSpan[] =>
    faults.filter((f) => f.fromNs <= t && t < f.toNs && (lane === null || f.nodes.length === 0 || f.nodes.includes(lane)));
  const endOf = (m: JournalMessage): number => m.recvNs ?? (m.drop ? m.drop.atNs : m.sendNs);

  const known = new Set(alsoCarriers ?? []);
  const carriers: number[] = [];
  messages.forEach((m, i) => {
    if (known.has(i) || carries(m.body)) carriers.push(i);
  });
  const judged = lanes ? [...lanes] : [...new Set(messages.flatMap((m) => [m.src, m.dest]))];
  const firstGot = new Map<string, number>();
  for (const i of carriers) {
    const m = messages[i]!;
    if (m.recvNs !== null && (firstGot.get(m.dest) ?? Infinity) > m.recvNs) firstGot.set(m.dest, m.recvNs);
  }
  const rank = new Map(judged.map((l, i) => [l, i]));
  const deliveredTo = [...firstGot.keys()].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || firstGot.get(a)! - firstGot.get(b)!);
  const senders = new Set(carriers.map((i) => messages[i]!.src));
  const neverDelivered = judged.filter((l) => isNode(l) && !firstGot.has(l) && !senders.has(l));
  const notPassedOn = deliveredTo.filter((l) => isNode(l) && !carriers.some((i) => messages[i]!.src === l && messages[i]!.sendNs >= firstGot.get(l)!));
  let last: TraceResult["last"] = null;
  for (const i of carriers) {
    const m = messages[i]!;
    const t = endOf(m);
    if (last === null || t >= last.atNs) last = { index: i, atNs: t, delivered: m.recvNs !== null, why: m.recvNs !== null ? null : m.drop ? m.drop.why : "in flight when the run ended" };
  }
  const faultsAtLast = last === null ? [] : inForce(last.atNs, null);

  const v = json(value);
  const lines: string[] = [];
  if (carriers.length === 0) {
    lines.push(`No message carried ${v}. (Values compare as JSON: 7 and "7" differ.)`);
    return { value, carriers, deliveredTo, neverDelivered, notPassedOn, last, faultsAtLast, lines };
  }
  const first = messages[carriers[0]!]!;
  const types = [...new Set(carriers.map((i) => messages[i]!.type))];
  lines.push(`${plural(carriers.length, "message", "messages")} carried ${v} (${list(types)}), the first a ${first.type} ${first.src} → ${first.dest} sent at ${secs(first.sendNs)}.`);
  lines.push(deliveredTo.length ? `Delivered to ${list(deliveredTo)}.` : `Delivered to no one.`);
  if (neverDelivered.length === 0) lines.push(`Every node got it.`);
  else {
    lines.push(`Never delivered to ${list(neverDelivered)}.`);
    for (const lane of neverDelivered) {
      const sent = carriers.map((i) => messages[i]!).filter((m) => m.dest === lane);
      if (sent.length === 0) {
        lines.push(`${lane}: no message carrying ${v} was ever sent to it.`);
        continue;
      }
      const whys = new Map<string, number>();
      for (const m of sent) {
        const w = m.drop ? `dropped: ${m.drop.why}` : "in flight when the run ended";
        whys.set(w, (whys.get(w) ?? 0) + 1);
      }
      const hit = [...new Set(sent.flatMap((m) => inForce(m.sendNs, lane)))];
      lines.push(
        `${lane}: ${plural(sent.length, "message", "messages")} carrying it ${sent.length === 1 ? "was" : "were"} sent to it (from ${list([...new Set(sent.map((m) => m.src))])}), none delivered (${list([...whys].map(([w, n]) => (n > 1 ? `${w} ×${n}` : w)))}); the last sent at ${secs(sent[sent.length - 1]!.sendNs)}.` +
          (hit.length ? ` Faults on ${lane} when they were sent: ${list(hit.map(spanText))}.` : ` No fault on ${lane} was in force when they were sent.`),
      );
    }
  }
  if (notPassedOn.length) lines.push(`${list(notPassedOn)} received it but never sent it on, in any later message (no gossip, no reply carried it).`);
  if (last) {
    const m = messages[last.index]!;
    const fate = last.delivered ? `received by ${m.dest}` : `never delivered (${last.why})`;
    lines.push(`Last seen at ${secs(last.atNs)}: ${m.type} #${m.id} ${m.src} → ${m.dest}, ${fate}.`);
    lines.push(faultsAtLast.length ? `Faults in force then: ${list(faultsAtLast.map(spanText))}.` : `No fault was in force then.`);
  }
  return { value, carriers, deliveredTo, neverDelivered, notPassedOn, last, faultsAtLast, lines };
}

/**
 * Calls `visit` with every value inside a body that a trace matches against,
 * outermost first, until `visit` returns true (then returns true): every
 * value under the body's keys except its top-level `type`, `msg_id` and
 * `in_reply_to`, and every element and member below, all the way down; a
 * body that is not an object is itself visited. Object keys are never
 * visited.
 *
 * Self-contained (inlined into report.html with traceValue).
 */
export function bodyValues(body: unknown, visit: (v: unknown) => boolean): boolean {
  const walk = (v: unknown): boolean => {
    if (visit(v)) return true;
    if (v === null || typeof v !== "object") return false;
    if (Array.isArray(v)) {
      for (const x of v) if (walk(x)) return true;
      return false;
    }
    for (const k in v) if (walk((v as Record<string, unknown>)[k])) return true;
    return false;
  };
  if (body === null || typeof body !== "object" || Array.isArray(body)) return walk(body);
  for (const k in body) {
    if (k === "type" || k === "msg_id" || k === "in_reply_to") continue;
    if (walk((body as Record<string, unknown>)[k])) return true;
  }
  return false;
}
