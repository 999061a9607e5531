import { canonicalJson } from "../checkers/json-value.js";
import { prStr, str } from "./clojure-text.js";
import type { ServiceReply } from "./service.js";
import { jsonText } from "../model/json-text.js";

/**
 * A key-value state as the KV services hold it: canonical key (canonicalJson:
 * JSON with sorted object keys, so keys compare structurally, as Clojure's
 * map keys do) → the value stored. Never mutated once a service shares it.
 */
export type KvMap = ReadonlyMap<string, unknown>;

/** What one request does to a KV state: the reply, and the value to store at `key` if the request stores one. */
export interface KvOutcome {
  reply: ServiceReply;
  put?: { key: string; value: unknown };
}

export interface KvFlavour {
  /** lin-kv and seq-kv honour `create_if_not_exists`; lww-kv's cas ignores it and answers 20 for a missing key. */
  createIfNotExists: boolean;
  /** How the 22 text shows the expected value: pr-str (lin-kv, seq-kv) or plain str (lww-kv, whose text does not quote `from`). */
  showFrom: (v: unknown) => string;
}

export const PERSISTENT_KV: KvFlavour = { createIfNotExists: true, showFrom: prStr };
export const LWW_KV: KvFlavour = { createIfNotExists: false, showFrom: str };

/** The request types a KV service handles; anything else gets no reply. */
export function isKvRequest(type: unknown): type is "read" | "write" | "cas" {
  return type === "read" || type === "write" || type === "cas";
}

const missing = (): ServiceReply => ({ type: "error", code: 20, text: "key does not exist" });

/**
 * Maelstrom's KV semantics for one read, write or cas request against `get`
 * (the value at a canonical key, `undefined` if the key is absent). A field the
 * body lacks reads as null, as Clojure's `(:key body)` gives nil: a write
 * without a key stores under the key null. Values compare structurally.
 * `create_if_not_exists` counts when truthy in Clojure's sense (anything but
 * null and false).
 */
export function kvStep(get: (key: string) => { value: unknown } | undefined, body: Readonly<Record<string, unknown>>, flavour: KvFlavour): KvOutcome {
  const key = canonicalJson(body.key);
  const current = get(key);
  switch (body.type) {
    case "read":
      return { reply: current ? { type: "read_ok", value: current.value } : missing() };
    case "write":
      return { reply: { type: "write_ok" }, put: { key, value: body.value ?? null } };
    case "cas": {
      if (!current) {
        const create = flavour.createIfNotExists && body.create_if_not_exists !== undefined && body.create_if_not_exists !== null && body.create_if_not_exists !== false;
        return create ? { reply: { type: "cas_ok" }, put: { key, value: body.to ?? null } } : { reply: missing() };
      }
      if (canonicalJson(body.from) === canonicalJson(current.value)) return { reply: { type: "cas_ok" }, put: { key, value: body.to ?? null } };
      return { reply: { type: "error", code: 22, text: `current value ${prStr(current.value)} is not ${flavour.showFrom(body.from)}` } };
    }
    default:
      throw new Error(`kvStep: not a KV request type: ${jsonText(body.type)}`);
  }
}

/**
 * Whether applying `outcome` to the state `get` reads from gives a different
 * state: as Clojure's `=` between the record before and after, a put changes
 * nothing when the key already holds an equal value.
 */
export function kvChanges(get: (key: string) => { value: unknown } | undefined, outcome: KvOutcome): boolean {
  if (!outcome.put) return false;
  const before = get(outcome.put.key);
  return !before || canonicalJson(before.value) !== canonicalJson(outcome.put.value);
}

/** A KvMap's lookup in the shape kvStep takes. */
export function lookup(m: KvMap): (key: string) => { value: unknown } | undefined {
  return (key) => (m.has(key) ? { value: m.get(key) } : undefined);
}
