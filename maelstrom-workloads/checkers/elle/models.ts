/**
 * Consistency models and the anomalies each rules out, as facts taken from
 * Elle's elle.consistency-model (its model hierarchy, the anomalies each model
 * proscribes directly, and which anomalies imply which). Pure data and
 * graph walks; see check-elle.ts for how a result is judged.
 */

/** Friendly name -> Elle's canonical name (Adya's PL-* levels). */
const CANONICAL: Readonly<Record<string, string>> = {
  "consistent-view": "PL-2+",
  "conflict-serializable": "PL-3",
  "cursor-stability": "PL-CS",
  "forward-consistent-view": "PL-FCV",
  "monotonic-snapshot-read": "PL-MSR",
  "monotonic-view": "PL-2L",
  "read-committed": "PL-2",
  "read-uncommitted": "PL-1",
  "repeatable-read": "PL-2.99",
  serializable: "PL-3",
  "snapshot-isolation": "PL-SI",
  "strict-serializable": "PL-SS",
  "strong-serializable": "PL-SS",
  "update-serializable": "PL-3U",
  "strong-session-read-uncommitted": "strong-session-PL-1",
  "strong-session-read-committed": "strong-session-PL-2",
  "strong-read-uncommitted": "strong-PL-1",
  "strong-read-committed": "strong-PL-2",
};

/** Canonical name -> the name results use (the first friendly name listed above, but PL-3 is serializable). */
const FRIENDLY = new Map<string, string>();
for (const [friendly, canonical] of Object.entries(CANONICAL)) if (!FRIENDLY.has(canonical)) FRIENDLY.set(canonical, friendly);
FRIENDLY.set("PL-3", "serializable"); // as Elle: several names, serializable the simplest

const canonical = (m: string): string => CANONICAL[m] ?? m;
const friendly = (m: string): string => FRIENDLY.get(m) ?? m;

/** a -> weaker models a implies (a history satisfying a satisfies each of them). */
const IMPLIES_MODELS: Readonly<Record<string, readonly string[]>> = {
  "causal-cerone": ["read-atomic"],
  "consistent-view": ["cursor-stability", "monotonic-view"],
  "conflict-serializable": ["view-serializable"],
  "cursor-stability": ["read-committed", "PL-2"],
  "forward-consistent-view": ["consistent-view"],
  "PL-2": ["PL-1"],
  "PL-3": ["repeatable-read", "update-serializable"],
  "update-serializable": ["forward-consistent-view"],
  "monotonic-atomic-view": ["read-committed"],
  "monotonic-view": ["PL-2"],
  "monotonic-snapshot-read": ["PL-2"],
  "parallel-snapshot-isolation": ["causal-cerone", "update-atomic"],
  prefix: ["causal-cerone"],
  "read-atomic": ["monotonic-atomic-view"],
  "read-committed": ["read-uncommitted"],
  "repeatable-read": ["cursor-stability", "monotonic-atomic-view"],
  "update-atomic": ["read-atomic"],
  serializable: ["repeatable-read", "snapshot-isolation", "view-serializable"],
  "session-serializable": ["1SR"],
  "snapshot-isolation": ["forward-consistent-view", "monotonic-atomic-view", "monotonic-snapshot-read", "parallel-snapshot-isolation", "prefix"],
  "strict-serializable": ["PL-3", "serializable", "linearizable", "snapshot-isolation", "strong-snapshot-isolation", "strong-session-serializable"],
  "strong-session-PL-1": ["PL-1"],
  "strong-session-PL-2": ["PL-2", "strong-session-PL-1"],
  "strong-PL-1": ["strong-session-PL-1"],
  "strong-PL-2": ["strong-session-PL-2", "strong-PL-1"],
  "strong-session-serializable": ["serializable", "strong-session-snapshot-isolation"],
  "strong-session-snapshot-isolation": ["snapshot-isolation", "strong-session-PL-2"],
  "strong-serializable": ["session-serializable"],
  "strong-snapshot-isolation": ["strong-session-snapshot-isolation", "strong-PL-2"],
  linearizable: ["sequential"],
  sequential: ["causal"],
  causal: ["writes-follow-reads", "PRAM"],
  PRAM: ["monotonic-reads", "monotonic-writes", "read-your-writes"],
};

/** The same hierarchy over canonical names, both directions. */
const WEAKER = new Map<string, Set<string>>();
const STRONGER = new Map<string, Set<string>>();
const addTo = (m: Map<string, Set<string>>, k: string, v: string): void => {
  if (!m.has(k)) m.set(k, new Set());
  m.get(k)!.add(v);
};
for (const [a, bs] of Object.entries(IMPLIES_MODELS)) {
  for (const b of bs) {
    addTo(WEAKER, canonical(a), canonical(b));
    addTo(STRONGER, canonical(b), canonical(a));
  }
}

/** Model (canonical) -> anomalies it rules out directly, beyond the models it implies. */
const PROSCRIBES: Readonly<Record<string, readonly string[]>> = {
  "causal-cerone": ["internal", "G1a"],
  "PL-CS": ["G1", "G-cursor", "lost-update"],
  "PL-2L": ["G1", "G-monotonic"],
  "PL-MSR": ["G1", "G-MSR"],
  "PL-2+": ["G1", "G-single"],
  "PL-FCV": ["G1", "G-SIb"],
  "parallel-snapshot-isolation": ["internal", "G1a"],
  "PL-3": ["G1", "G2", "predicate-read-miss", "PL-3-cycle-exists", "internal"],
  "PL-2": ["G1", "PL-2-cycle-exists"],
  "PL-1": ["G0", "duplicate-elements", "cyclic-versions", "PL-1-cycle-exists"],
  prefix: ["internal", "G1a"],
  "PL-SI": ["internal", "G1", "G-SI", "G-nonadjacent", "PL-SI-cycle-exists"],
  "read-atomic": ["internal", "G1a", "future-read"],
  "PL-2.99": ["G1", "G2-item", "PL-2.99-cycle-exists", "lost-update"],
  "update-atomic": ["lost-update"],
  "PL-SS": ["G1", "G1c-realtime", "G2-realtime", "PL-SS-cycle-exists"],
  "strong-session-PL-1": ["strong-session-PL-1-cycle-exists", "G0-process"],
  "strong-session-PL-2": ["strong-session-PL-2-cycle-exists", "G1c-process"],
  "strong-PL-1": ["strong-PL-1-cycle-exists", "G0-realtime"],
  "strong-PL-2": ["strong-PL-2-cycle-exists", "G1c-realtime"],
  "strong-session-snapshot-isolation": ["internal", "G1-process", "G-nonadjacent-process", "strong-session-snapshot-isolation-cycle-exists"],
  "strong-snapshot-isolation": ["internal", "G1-realtime", "G-nonadjacent-realtime", "strong-snapshot-isolation-cycle-exists"],
  "strong-session-serializable": ["G1-process", "G2-process", "strong-session-serializable-cycle-exists"],
  "PL-3U": ["G1", "G-update"],
};

/** Anomaly a -> anomalies its presence implies (G0 is also a G1c, G1a is a G1, ...). */
const IMPLIES_ANOMALIES: Readonly<Record<string, readonly string[]>> = {
  G0: ["G1c", "G0-process"],
  "G0-process": ["G1c-process", "G0-realtime"],
  "G0-realtime": ["G1c-realtime"],
  G1a: ["G1"],
  G1b: ["G1"],
  G1c: ["G1", "G1c-process"],
  "G1c-process": ["G1c-realtime", "G1-process"],
  "G1c-realtime": ["G1-realtime"],
  G1: ["G1-process"],
  "G1-process": ["G1-realtime"],
  "G-single-item": ["G-single", "G-single-item-process", "G-nonadjacent-item"],
  "G-single-item-process": ["G-single-process", "G-single-item-realtime", "G-nonadjacent-item-process"],
  "G-single-item-realtime": ["G-single-realtime", "G-nonadjacent-item-realtime"],
  "G-single": ["G-nonadjacent", "GSIb", "G-single-process"],
  "G-single-process": ["G-nonadjacent-process", "G-single-realtime"],
  "G-single-realtime": ["G-nonadjacent-realtime"],
  "G-nonadjacent-item": ["G-nonadjacent", "G2-item", "G-nonadjacent-item-process"],
  "G-nonadjacent-item-process": ["G-nonadjacent-process", "G2-item-process", "G-nonadjacent-item-realtime"],
  "G-nonadjacent-item-realtime": ["G2-item-realtime", "G-nonadjacent-realtime"],
  "G-nonadjacent": ["G2", "G-nonadjacent-process"],
  "G-nonadjacent-process": ["G2-process", "G-nonadjacent-realtime"],
  "G-nonadjacent-realtime": ["G2-realtime"],
  G2: ["G2-process"],
  "G2-item": ["G2", "G2-item-process"],
  "G2-item-process": ["G2-process", "G2-item-realtime"],
  "G2-item-realtime": ["G2-realtime"],
  "G2-process": ["G2-realtime"],
  GSIa: ["GSI"],
  GSIb: ["GSI"],
  "incompatible-order": ["G1a"],
  "future-read": ["G1c"],
  "dirty-update": ["G1a"],
  "lost-update": ["write-skew", "G2-item"],
  "write-skew": ["G2"],
  // Beyond Elle: reading a value no transaction wrote is at least as bad as
  // reading one an aborted transaction wrote.
  "garbage-read": ["G1a"],
};

const IMPLIED_BY = new Map<string, Set<string>>();
for (const [a, bs] of Object.entries(IMPLIES_ANOMALIES)) for (const b of bs) addTo(IMPLIED_BY, b, a);

function closure(start: Iterable<string>, next: (x: string) => Iterable<string> | undefined): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    const x = todo.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    for (const y of next(x) ?? []) todo.push(y);
  }
  return seen;
}

/** Every model name --consistency-models accepts (Elle's all-models), sorted. */
export const ELLE_MODELS: readonly string[] = [
  ...new Set([...Object.keys(CANONICAL), ...Object.values(CANONICAL), ...WEAKER.keys(), ...STRONGER.keys()]),
].sort();

const KNOWN = new Set(ELLE_MODELS);

/** Throws a readable error naming the unknown models and every accepted one. */
export function validateModels(models: readonly string[]): void {
  const unknown = models.filter((m) => !KNOWN.has(m));
  if (unknown.length > 0) {
    throw new Error(`Unknown consistency model${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known models are: ${ELLE_MODELS.join(", ")}`);
  }
}

/** Anomalies that cannot be present if every one of `models` holds (Elle's anomalies-prohibited-by). */
export function anomaliesProhibitedBy(models: readonly string[]): Set<string> {
  validateModels(models);
  const implied = closure(models.map(canonical), (m) => WEAKER.get(m));
  const direct = [...implied].flatMap((m) => PROSCRIBES[m] ?? []);
  return closure(direct, (a) => IMPLIED_BY.get(a));
}

/** Elle's boundary: the weakest models these anomalies rule out ("not"), and the stronger rest ("also-not"). */
export function modelBoundary(anomalies: Iterable<string>): { not: string[]; "also-not": string[] } {
  const present = closure(anomalies, (a) => IMPLIES_ANOMALIES[a]);
  const direct = Object.entries(PROSCRIBES)
    .filter(([, as]) => as.some((a) => present.has(a)))
    .map(([m]) => m);
  const impossible = closure(direct, (m) => STRONGER.get(m));
  const weakest = [...impossible].filter((m) => ![...closure([m], (x) => WEAKER.get(x))].some((w) => w !== m && impossible.has(w)));
  const not = new Set(weakest);
  const names = (ms: Iterable<string>): string[] => [...new Set([...ms].map(friendly))].sort();
  return { not: names(not), "also-not": names([...impossible].filter((m) => !not.has(m))) };
}
