/**
 * JSON text of a value, as JSON.stringify makes it, except that a BigInt is
 * written as its exact digits instead of throwing.
 *
 * Why: the harness reads an integer token beyond ±(2^53−1) as a BigInt (as
 * Maelstrom's parser keeps it exact: a Long or a BigInteger), so a message, an
 * op or a result may hold one, and everything the harness writes (a node's
 * stdin line, the journal, the history, results.json, a service's reply) must
 * carry those digits on unchanged.
 *
 * JSON.stringify runs first and is the whole cost for the usual value; only
 * when it throws its TypeError (a BigInt, or a cycle) is the value walked
 * again by `exactText`, which gives JSON.stringify's bytes for everything else
 * (toJSON, boxed primitives, undefined/functions/symbols dropped from objects
 * and null in arrays, non-finite numbers as null, indentation) and still
 * throws a TypeError on a cycle. No global is patched (no BigInt.prototype.toJSON).
 *
 * Typed `string` as JSON.stringify is, though like it this gives undefined for
 * undefined, a function or a symbol.
 */
export function jsonText(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return exactText(value, indent) as string;
  }
}

/** The slow path of jsonText, exported for tests: the walk that writes a BigInt's digits. */
export function exactText(value: unknown, indent?: number): string | undefined {
  const gap = indent === undefined ? "" : " ".repeat(Math.max(0, Math.min(10, Math.floor(indent))));
  const stack: object[] = [];
  const write = (holderKey: string, input: unknown, outer: string): string | undefined => {
    let v = input;
    if ((typeof v === "object" && v !== null) || typeof v === "bigint") {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === "function") v = toJSON.call(v, holderKey);
    }
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean || v instanceof BigInt) v = v.valueOf();
    switch (typeof v) {
      case "string":
        return JSON.stringify(v);
      case "number":
        return Number.isFinite(v) ? String(v) : "null";
      case "bigint":
        return v.toString();
      case "boolean":
        return v ? "true" : "false";
      case "undefined":
      case "function":
      case "symbol":
        return undefined;
    }
    if (v === null) return "null";
    const obj = v as object;
    if (stack.includes(obj)) throw new TypeError("Converting circular structure to JSON");
    stack.push(obj);
    const inner = outer + gap;
    const open = gap ? `\n${inner}` : "";
    const sep = gap ? `,\n${inner}` : ",";
    const close = gap ? `\n${outer}` : "";
    let text: string;
    if (Array.isArray(obj)) {
      const parts: string[] = [];
      for (let i = 0; i < obj.length; i++) parts.push(write(String(i), obj[i], inner) ?? "null"); // a hole too is null
      text = parts.length === 0 ? "[]" : `[${open}${parts.join(sep)}${close}]`;
    } else {
      const parts: string[] = [];
      for (const k of Object.keys(obj)) {
        const t = write(k, (obj as Record<string, unknown>)[k], inner);
        if (t !== undefined) parts.push(`${JSON.stringify(k)}${gap ? ": " : ":"}${t}`);
      }
      text = parts.length === 0 ? "{}" : `{${open}${parts.join(sep)}${close}}`;
    }
    stack.pop();
    return text;
  };
  return write("", value, "");
}
