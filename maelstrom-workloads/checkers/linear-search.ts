import { canonicalJson } from "./json-value.js";
import type { Model, ModelOp } from "./cas-register.js";
import { Inconsistent } from "./cas-register.js";

/**
 * One op of a single key's history, as the search sees it: the model op
 * (f and value without the key; an ok read's value is the value it read) and
 * whether it returned (ok) or is indeterminate (info, or never completed).
 * Failed ops are not calls: they did not happen.
 */
export interface Call {
  op: ModelOp;
  ok: boolean;
}

/** The key's history as the search walks it: calls invoked and ok calls returning, in history order. */
export type SearchEvent = { kind: "invoke"; call: number } | { kind: "return"; call: number };

export interface SearchOptions {
  /** Stop (outcome "unknown") once more than this many configurations have been explored. */
  budget: number;
  /** Collect the register values of every configuration seen while this call is pending (for evidence). */
  watch?: number;
}

export interface SearchOutcome {
  outcome: "valid" | "invalid" | "unknown";
  /** Configurations explored: each distinct one made while looking for a linearization of a returning call. */
  explored: number;
  /** The most configurations alive at once between two events. */
  peak: number;
  /** invalid: the call that could not be linearized when it returned. unknown: the call whose return ran out of budget. */
  call?: number;
  /** unknown: why, "budget" (more configurations than the budget) or "pending" (more than MAX_PENDING ok calls pending at once). */
  gaveUp?: "budget" | "pending";
  /** The last ok call that returned linearizably before `call`, if any. */
  previousOk?: number;
  /** With `watch`: the states (model keys, in first-seen order) of configurations seen while the watched call was pending. */
  watched?: unknown[];
}

/**
 * A configuration: the model's state (interned as a number), which pending ok
 * calls are already linearized (a bitmask of their slots), and how many
 * indeterminate ops of each kind have been used (with that list as text, the
 * part of the configuration's key it makes).
 */
interface Config {
  s: number;
  lin: number;
  used: readonly number[];
  usedKey: string;
}

/**
 * At most this many ok calls pending at once on one key (a bitmask of slots
 * in a 32-bit integer). Jepsen lets 20 processes use a key, so lin-kv never
 * has more than 20; a key with more is "unknown".
 */
export const MAX_PENDING = 31;

/** True if a has used no more indeterminate ops of any kind than b. */
function usesNoMore(a: readonly number[], b: readonly number[]): boolean {
  for (let p = 0; p < a.length; p++) if (a[p]! > (b[p] ?? 0)) return false;
  return true;
}

/**
 * The configurations without those another one dominates: with the same
 * state and linearized calls, one that has used no more indeterminate ops of
 * any kind can do everything the other can (the ops it has not used may
 * still take effect, or never), so the other adds nothing.
 */
function undominated(configs: Map<string, Config>): Map<string, Config> {
  const groups = new Map<string, Config[]>();
  for (const c of configs.values()) {
    const g = `${c.s}|${c.lin}`;
    const group = groups.get(g);
    if (group === undefined) groups.set(g, [c]);
    else group.push(c);
  }
  if (groups.size === configs.size) return configs;
  const out = new Map<string, Config>();
  for (const group of groups.values()) {
    for (const c of group) {
      // Two in a group never use the same counts (they would be one configuration), so this is strict.
      if (!group.some((d) => d !== c && usesNoMore(d.used, c.used))) {
        out.set(`${c.s}|${c.lin}|${c.usedKey}`, c);
      }
    }
  }
  return out;
}

/**
 * Knossos's "linear" algorithm, Lowe's just-in-time linearization, for one
 * key. It walks the history keeping every configuration the ops so far could
 * have left: on an ok call's return, every configuration in which that call
 * is not yet linearized is extended by linearizing pending calls (and
 * indeterminate ops) until it is, and configurations where it cannot be are
 * dropped. If none is left, that call is the first that cannot be linearized.
 *
 * What keeps the search small:
 * - configurations are deduplicated on (state, linearized pending calls,
 *   indeterminate ops used);
 * - indeterminate ops never return, so two with the same f and value are
 *   interchangeable: they are counted per (f, value), not tracked one by one;
 * - read-only ops (reads) are linearized as soon as they are legal, and
 *   indeterminate ones are dropped (model.readOnly says why that is safe);
 * - of two configurations alike but for the indeterminate ops used, the one
 *   that used more (of every kind) is dropped after each return;
 * - each model step is computed once per (state, op kind) and remembered.
 * The budget bounds the configurations explored over the whole key.
 */
export function linearSearch<S>(model: Model<S>, calls: readonly Call[], events: readonly SearchEvent[], options: SearchOptions): SearchOutcome {
  // States and op kinds are interned to small numbers, and each step remembered.
  const stateIds = new Map<string, number>();
  const states: S[] = [];
  const intern = (s: S): number => {
    const k = model.key(s);
    let id = stateIds.get(k);
    if (id === undefined) {
      id = states.length;
      stateIds.set(k, id);
      states.push(s);
    }
    return id;
  };
  const kindIds = new Map<string, number>();
  const kinds: ModelOp[] = [];
  const readOnly: boolean[] = [];
  /** steps[kind][state]: the next state, -1 if the op is impossible there, undefined if not computed yet. */
  const steps: number[][] = [];
  const kindOf = (op: ModelOp): number => {
    const k = `${op.f}\u0000${canonicalJson(op.value)}`;
    let id = kindIds.get(k);
    if (id === undefined) {
      id = kinds.length;
      kindIds.set(k, id);
      kinds.push(op);
      readOnly.push(model.readOnly(op));
      steps.push([]);
    }
    return id;
  };
  const step = (s: number, kind: number): number => {
    let next = steps[kind]![s];
    if (next === undefined) {
      const r = model.step(states[s]!, kinds[kind]!);
      next = r instanceof Inconsistent ? -1 : intern(r as S);
      steps[kind]![s] = next;
    }
    return next;
  };

  // Pending ok calls hold slots (reused once they return); a configuration's lin is a mask of slots.
  const slotKind: number[] = [];
  const slotOf = new Map<number, number>();
  let openMask = 0;
  /** The pending ok calls that are read-only, and those that are not. */
  let readOnlyMask = 0;
  let changingMask = 0;
  /** Indeterminate ops by kind: pool index of a kind, the kind of a pool index, and how many were invoked so far. */
  const poolOf = new Map<number, number>();
  const poolKind: number[] = [];
  const poolInvoked: number[] = [];

  /** Per state, the read-only pending calls legal there; forgotten whenever the pending calls change. */
  let legalReadOnly = new Map<number, number>();
  const legalIn = (s: number): number => {
    let mask = legalReadOnly.get(s);
    if (mask === undefined) {
      mask = 0;
      for (let rest = readOnlyMask; rest !== 0; rest &= rest - 1) {
        const slot = 31 - Math.clz32(rest & -rest);
        if (step(s, slotKind[slot]!) >= 0) mask |= 1 << slot;
      }
      legalReadOnly.set(s, mask);
    }
    return mask;
  };
  const keyOf = (c: Config) => `${c.s}|${c.lin}|${c.usedKey}`;
  /** Linearizes every pending read-only call legal in c's state (they do not change it). */
  const close = (c: Config): Config => {
    const lin = c.lin | legalIn(c.s);
    return lin === c.lin ? c : { s: c.s, lin, used: c.used, usedKey: c.usedKey };
  };

  let configs = new Map<string, Config>();
  const first: Config = { s: intern(model.initial), lin: 0, used: [], usedKey: "" };
  configs.set(keyOf(first), first);
  let explored = 0;
  let peak = 1;
  let previousOk: number | undefined;
  const watched = options.watch === undefined ? undefined : new Set<number>();
  let watching = false;
  const watchAll = (cs: Iterable<Config>) => {
    if (watching) for (const c of cs) watched!.add(c.s);
  };
  const done = (outcome: SearchOutcome["outcome"], call?: number, gaveUp?: SearchOutcome["gaveUp"]): SearchOutcome => ({
    outcome,
    ...(gaveUp !== undefined ? { gaveUp } : {}),
    explored,
    peak,
    ...(call !== undefined ? { call } : {}),
    ...(previousOk !== undefined ? { previousOk } : {}),
    ...(watched !== undefined ? { watched: [...watched].map((s) => states[s]) } : {}),
  });

  for (const e of events) {
    const call = calls[e.call]!;
    if (e.kind === "invoke") {
      const kind = kindOf(call.op);
      if (e.call === options.watch) watching = true;
      if (!call.ok) {
        if (readOnly[kind]) continue;
        let p = poolOf.get(kind);
        if (p === undefined) {
          p = poolKind.length;
          poolOf.set(kind, p);
          poolKind.push(kind);
          poolInvoked.push(0);
        }
        poolInvoked[p]!++;
        continue;
      }
      if (openMask === -1 >>> (32 - MAX_PENDING)) return done("unknown", e.call, "pending");
      const slot = 31 - Math.clz32(~openMask & (openMask + 1));
      const bit = 1 << slot;
      slotKind[slot] = kind;
      slotOf.set(e.call, slot);
      openMask |= bit;
      if (readOnly[kind]) {
        readOnlyMask |= bit;
        legalReadOnly = new Map();
        const next = new Map<string, Config>();
        for (const c of configs.values()) {
          const closed = close(c);
          next.set(keyOf(closed), closed);
        }
        configs = next;
      } else changingMask |= bit;
      watchAll(configs.values());
      continue;
    }

    // An ok call returns: keep the configurations where it is linearized, searching for more.
    const slot = slotOf.get(e.call)!;
    const x = 1 << slot;
    const next = new Map<string, Config>();
    /**
     * What this search has reached, per state and linearized calls: the
     * indeterminate ops used on each way there. A configuration that used
     * no fewer of every kind than one reached before can do nothing more, so
     * it is not explored (without indeterminate ops this is plain dedupe).
     */
    const visited = new Map<string, (readonly number[])[]>();
    const reached = (c: Config): boolean => {
      const g = `${c.s}|${c.lin}`;
      const ways = visited.get(g);
      if (ways === undefined) {
        visited.set(g, [c.used]);
        return false;
      }
      if (ways.some((u) => usesNoMore(u, c.used))) return true;
      ways.push(c.used);
      return false;
    };
    // Breadth first, so that ways using fewer indeterminate ops tend to come first.
    const frontier: Config[] = [];
    let head = 0;
    const keep = (c: Config) => {
      const kept: Config = { s: c.s, lin: c.lin & ~x, used: c.used, usedKey: c.usedKey };
      next.set(keyOf(kept), kept);
    };
    const offer = (made: Config) => {
      const d = close(made);
      if (reached(d)) return;
      explored++;
      if (watching) watched!.add(d.s);
      if (d.lin & x) keep(d);
      else frontier.push(d);
    };
    for (const c of configs.values()) {
      if (c.lin & x) keep(c);
      else if (!reached(c)) frontier.push(c);
    }
    while (head < frontier.length) {
      const c = frontier[head++]!;
      for (let rest = changingMask & ~c.lin; rest !== 0; rest &= rest - 1) {
        const bit = rest & -rest;
        const s = step(c.s, slotKind[31 - Math.clz32(bit)]!);
        if (s >= 0) offer({ s, lin: c.lin | bit, used: c.used, usedKey: c.usedKey });
      }
      for (let p = 0; p < poolKind.length; p++) {
        if ((c.used[p] ?? 0) >= poolInvoked[p]!) continue;
        const s = step(c.s, poolKind[p]!);
        if (s < 0) continue;
        const used = [...c.used];
        while (used.length < p) used.push(0);
        used[p] = (used[p] ?? 0) + 1;
        offer({ s, lin: c.lin, used, usedKey: used.join(",") });
      }
      if (explored > options.budget) return done("unknown", e.call, "budget");
    }
    watchAll(configs.values());
    if (next.size === 0) return done("invalid", e.call);
    configs = poolOf.size === 0 ? next : undominated(next);
    peak = Math.max(peak, configs.size);
    openMask &= ~x;
    readOnlyMask &= ~x;
    changingMask &= ~x;
    legalReadOnly = new Map();
    slotOf.delete(e.call);
    previousOk = e.call;
  }
  return done("valid");
}
