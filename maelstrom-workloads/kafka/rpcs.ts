import { jsonText } from "../model/json-text.js";
import { closedResponse, integer } from "../model/response-schema.js";

type FieldCheck = (v: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Maelstrom's `{Key Offset}`: an object of integer offsets. */
const offsetMap: FieldCheck = (v) => {
  if (!isObject(v)) return `must be an object of key -> offset, got ${jsonText(v) ?? "nothing"}`;
  for (const [k, o] of Object.entries(v)) if (integer(o)) return `offset of key ${jsonText(k)} ${integer(o)}`;
  return undefined;
};

/** Maelstrom's `{Key [[Offset Message]]}`: an object of arrays of [offset, msg] pairs (null counts as no pairs, as [s/Any] lets it through). */
const msgsMap: FieldCheck = (v) => {
  if (!isObject(v)) return `must be an object of key -> [[offset, msg], ...], got ${jsonText(v) ?? "nothing"}`;
  for (const [k, pairs] of Object.entries(v)) {
    if (pairs === null) continue;
    if (!Array.isArray(pairs)) return `of key ${jsonText(k)} must be an array of [offset, msg] pairs, got ${jsonText(pairs)}`;
    for (const p of pairs) {
      if (!Array.isArray(p) || p.length !== 2 || integer(p[0]) || p[1] === undefined) return `of key ${jsonText(k)}: ${jsonText(p)} is not an [offset, msg] pair`;
    }
  }
  return undefined;
};

/** The replies of Maelstrom's four kafka RPCs, each a closed schema. */
export const sendOk = closedResponse("send_ok", { offset: integer });
export const pollOk = closedResponse("poll_ok", { msgs: msgsMap });
export const commitOffsetsOk = closedResponse("commit_offsets_ok");
export const listCommittedOffsetsOk = closedResponse("list_committed_offsets_ok", { offsets: offsetMap });

/** A poll's msgs with null pair lists dropped: key -> [[offset, msg], ...]. */
export type PolledMsgs = Record<string, [number, unknown][]>;

export function polledMsgs(msgs: unknown): PolledMsgs {
  const out: PolledMsgs = {};
  for (const [k, pairs] of Object.entries(msgs as Record<string, unknown>)) if (Array.isArray(pairs)) out[k] = pairs as [number, unknown][];
  return out;
}

/** Maelstrom's txn-offsets: the highest offset polled per key (what the client then commits). */
export function highestOffsets(msgs: PolledMsgs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, pairs] of Object.entries(msgs)) for (const [o] of pairs) out[k] = Math.max(out[k] ?? 0, o);
  return out;
}
