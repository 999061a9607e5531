/**
 * One protocol period's probe of one member, as a state machine: a direct
 * ping; if no ack by the ping timeout, ping-req through the chosen helpers;
 * if still no ack (direct or relayed) when the period ends, suspect the
 * member. The caller sends and times; this only decides.
 */
export interface Probe {
  readonly target: string;
  readonly seq: number;
  readonly helpers: readonly string[];
  /** Helpers whose silence counts against our health: those known to be up (heard from lately). */
  readonly vouched: readonly string[];
  readonly phase: "direct" | "indirect" | "over";
  readonly acked: boolean;
  /** Helpers that said they could not reach the target either (Lifeguard's nacks). */
  readonly nacks: readonly string[];
}

export type ProbeEvent = { type: "ack" } | { type: "nack"; from: string } | { type: "ping-timeout" } | { type: "period-end" };

export type ProbeEffect =
  | { type: "ping-req"; helpers: readonly string[] }
  | { type: "suspect"; target: string }
  /**
   * Change to local health: -1 for an answered probe; for a failed one, +1
   * per vouched helper that did not even nack (or +1 with no helpers), since
   * then it may be us who cannot hear. A helper not known to be up may just
   * be down, so its silence says nothing about us.
   */
  | { type: "health"; delta: number };

export function startProbe(target: string, seq: number, helpers: readonly string[], vouched: readonly string[] = helpers): Probe {
  return { target, seq, helpers: [...helpers], vouched: helpers.filter((h) => vouched.includes(h)), phase: "direct", acked: false, nacks: [] };
}

export function probeStep(p: Probe, e: ProbeEvent): { probe: Probe; effects: ProbeEffect[] } {
  if (p.phase === "over") return { probe: p, effects: [] };
  switch (e.type) {
    case "ack":
      return { probe: { ...p, acked: true, phase: "over" }, effects: [{ type: "health", delta: -1 }] };
    case "nack":
      if (!p.helpers.includes(e.from) || p.nacks.includes(e.from)) return { probe: p, effects: [] };
      return { probe: { ...p, nacks: [...p.nacks, e.from] }, effects: [] };
    case "ping-timeout":
      if (p.phase !== "direct") return { probe: p, effects: [] };
      return { probe: { ...p, phase: "indirect" }, effects: p.helpers.length > 0 ? [{ type: "ping-req", helpers: p.helpers }] : [] };
    case "period-end": {
      const delta = p.helpers.length === 0 ? 1 : p.vouched.filter((h) => !p.nacks.includes(h)).length;
      return { probe: { ...p, phase: "over" }, effects: [{ type: "suspect", target: p.target }, ...(delta !== 0 ? [{ type: "health" as const, delta }] : [])] };
    }
    default: {
      const never: never = e;
      throw new Error(`unknown probe event ${JSON.stringify(never)}`);
    }
  }
}
