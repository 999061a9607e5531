/**
 * What stops `value` from travelling as JSON unchanged, as a phrase that
 * starts with its path (`"value.a[1]" is a BigInt (10), ...`); undefined when
 * it is a JSON value: null, a boolean, a finite number, a string, or arrays
 * and plain objects of these. Iterative, so any depth of nesting is checked
 * without growing the call stack.
 */
export function jsonProblem(value: unknown, name: string): string | undefined {
  type Frame = { v: unknown; path: string } | { leave: object };
  const inside = new Set<object>();
  const stack: Frame[] = [{ v: value, path: name }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if ("leave" in f) {
      inside.delete(f.leave);
      continue;
    }
    const { v, path } = f;
    const at = `"${path}"`;
    switch (typeof v) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(v)) return `${at} is ${v}, which JSON would write as null`;
        continue;
      case "undefined":
        return `${at} is undefined`;
      case "bigint":
        return `${at} is a BigInt (${v}), which JSON cannot carry`;
      case "function":
      case "symbol":
        return `${at} is a ${typeof v}, which JSON cannot carry`;
    }
    if (v === null) continue;
    const obj = v as object;
    if (inside.has(obj)) return `${at} is an object that contains itself (a cycle), which JSON cannot carry`;
    const proto: unknown = Object.getPrototypeOf(obj);
    const isArray = Array.isArray(obj);
    if (!isArray && proto !== Object.prototype && proto !== null) {
      const kind = (obj as { constructor?: { name?: unknown } }).constructor?.name;
      return `${at} is a ${typeof kind === "string" && kind !== "" ? kind : "non-plain object"}, not a plain object or array; JSON would not keep it as it is`;
    }
    inside.add(obj);
    stack.push({ leave: obj });
    if (isArray) {
      const a = obj as unknown[];
      for (let i = a.length - 1; i >= 0; i--) stack.push({ v: a[i], path: `${path}[${i}]` });
    } else {
      const keys = Object.keys(obj);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push({ v: (obj as Record<string, unknown>)[k], path: /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]` });
      }
    }
  }
  return undefined;
}
