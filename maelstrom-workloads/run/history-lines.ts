import type { Op } from "../model/op.js";
import { jsonText } from "../model/json-text.js";

/** Stands for the value while the rest of an op is stringified; a string no op field holds (checked each time). */
const VALUE_MARK = "\u0000history-lines:value\u0000";
const MARK_JSON = JSON.stringify(VALUE_MARK);

/**
 * An op's two history lines: history.jsonl's (jsonText of the op: JSON.stringify's, a BigInt as its digits) and
 * Jepsen's history.txt's (process, type, f, value, then error if any;
 * tab-separated, a missing value as nil), with the value stringified once
 * for both: a long broadcast run's reads carry every value so far. The
 * history.jsonl line is byte for byte jsonText(op).
 */
export function historyLines(o: Op): [jsonl: string, txt: string] {
  const valueText = jsonText(o.value);
  let jsonl: string | undefined;
  if (valueText !== undefined && valueText.length > 256 && Object.hasOwn(o, "value")) {
    // {...o} keeps the key order, and `value` keeps its place.
    const shell = jsonText({ ...o, value: VALUE_MARK });
    const at = shell.indexOf(MARK_JSON);
    if (at !== -1 && at === shell.lastIndexOf(MARK_JSON)) jsonl = shell.slice(0, at) + valueText + shell.slice(at + MARK_JSON.length);
  }
  jsonl ??= jsonText(o);
  const txt = [o.process, o.type, o.f, valueText ?? "nil", ...(o.error !== undefined ? [jsonText(o.error)] : [])].join("\t");
  return [jsonl, txt];
}
