import type { Analysis } from "./version-orders.js";

export interface Unseen {
  /** key -> how many acknowledged messages no ok poll read. */
  unseen: Record<string, number>;
  /** key -> those messages (at most 32 shown per key, as Jepsen condenses them). */
  messages: Record<string, unknown[]>;
  explanation: string;
}

/** Jepsen's unseen: messages an ok send acknowledged that no ok poll ever read; undefined when there are none. */
export function unseen(a: Analysis): Unseen | undefined {
  const missing = new Map<string, unknown[]>();
  for (const k of a.ops) {
    if (k.op.type !== "ok") continue;
    for (const [key, , m] of k.sends) if (!(a.okReads.get(key)?.has(m) ?? false)) missing.set(key, [...(missing.get(key) ?? []), JSON.parse(m) as unknown]);
  }
  if (missing.size === 0) return undefined;
  const keys = [...missing.keys()].sort((x, y) => Number(x) - Number(y) || (x < y ? -1 : 1));
  const total = keys.reduce((n, k) => n + missing.get(k)!.length, 0);
  return {
    unseen: Object.fromEntries(keys.map((k) => [k, missing.get(k)!.length])),
    messages: Object.fromEntries(keys.map((k) => [k, missing.get(k)!.slice(0, 32)])),
    explanation: `${total} acknowledged message(s) were never read by any poll, the final polls included: ${keys.map((k) => `key ${k}: ${missing.get(k)!.slice(0, 8).map((v) => JSON.stringify(v)).join(", ")}${missing.get(k)!.length > 8 ? ", ..." : ""}`).join("; ")}`,
  };
}
