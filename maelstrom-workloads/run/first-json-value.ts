/** The first JSON value of a text, or what is wrong with it. */
export type FirstJsonValue = { ok: true; value: unknown; start: number; end: number } | { ok: false; reason: string };

/**
 * Jackson 2.17's default read limits (StreamReadConstraints), which apply to
 * Maelstrom since cheshire 5.13.0 does not change them. Going past one is an
 * exception that stops Maelstrom reading the node's output.
 */
export const JACKSON_LIMITS = { depth: 1000, numberLength: 1000, stringLength: 20_000_000, nameLength: 50_000 } as const;

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t", "u"].map((s) => s.charCodeAt(0)));

class Bad extends Error {}

/**
 * Reads the first JSON value of `text` the way Maelstrom's parser does, and
 * ignores whatever follows it. Maelstrom parses each line a node prints with
 * cheshire's `parse-string` (src/maelstrom/process.clj, `parse-msg`), which asks
 * Jackson for one token, builds that one value and returns, never looking past
 * its end (cheshire/parse.clj, `parse`); so `{...}garbage` and `{...} {...}`
 * both give the first object. Cheshire's default factory turns on Jackson's
 * ALLOW_UNQUOTED_CONTROL_CHARS (cheshire/factory.clj), so a raw character below
 * U+0020 inside a string or a key is taken as itself. Everything else is strict
 * JSON: no comments, single quotes, NaN or leading zeros; whitespace before the
 * value is space, tab, CR or LF only; Jackson's nesting, number and string
 * limits apply (JACKSON_LIMITS).
 *
 * One difference: after a top-level number or literal Jackson refuses some
 * junk (`1x`), where this reads the scalar. A scalar is never a message, so
 * both stop the node's output being routed.
 *
 * Numbers: Jackson reads an integer token into an int, a long or a
 * BigInteger, always exactly; JSON.parse rounds one beyond ±(2^53−1) to a
 * double. So an integer token outside that range comes out as a BigInt with
 * its exact value (write it back with model/json-text.ts's jsonText); every
 * other number is JSON.parse's. A fraction or exponent token with an integral
 * value (`2.0`) is the number 2 here, where Jackson reads a double: see
 * json-value.ts.
 *
 * Iterative (no recursion), so deep nesting cannot overflow the stack. The
 * value is built by JSON.parse over the value's text, with raw control
 * characters escaped, so numbers and keys come out exactly as elsewhere; a
 * line with an integer outside ±(2^53−1) (at least 16 digits in a row, which
 * the fast path looks for) is built by buildExactly instead.
 */
export function readFirstJsonValue(text: string): FirstJsonValue {
  return readWholeLine(text) ?? readFirstJsonValueCarefully(text);
}

/**
 * The fast path, for the usual line that is one JSON value and nothing else:
 * JSON.parse over the whole line, kept only when the line's text shows that
 * no Jackson limit can be reached (checked on the text, not the value, since
 * a duplicate key's first value is gone once parsed). JSON.parse refuses
 * every line the careful reader would read differently (junk after the
 * value, raw control characters, a blank line), and then the careful reader
 * decides. Undefined when the careful reader must decide.
 */
function readWholeLine(text: string): FirstJsonValue | undefined {
  // An integer past ±(2^53−1) has 16 digits or more, and JSON.parse would round it: the careful reader keeps it exact.
  if (hasDigitRun(text, UNSAFE_INTEGER_DIGITS)) return undefined;
  // A line this short cannot reach the number, depth, key or string limits.
  if (text.length > JACKSON_LIMITS.numberLength && !clearlyWithinLimits(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let start = 0;
  let end = text.length;
  while (isWhitespace(text.charCodeAt(start))) start++;
  while (isWhitespace(text.charCodeAt(end - 1))) end--;
  return { ok: true, value, start, end };
}

/** The fewest digits of an integer outside ±(2^53−1), Number.MAX_SAFE_INTEGER (9007199254740991) having 16. */
const UNSAFE_INTEGER_DIGITS = 16;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** A run of digits this long is needed for a number past Jackson's number length (int, fraction and exponent digits). */
const LONG_DIGIT_RUN = Math.ceil((JACKSON_LIMITS.numberLength + 1) / 3);

/**
 * Whether `text` has `run` digits in a row. Any `run` consecutive characters
 * include exactly one index k with k % run === run - 1, so only those
 * indices are looked at, and the digits around a digit found there are
 * counted: a few characters per `run` on a line of numbers.
 */
function hasDigitRun(text: string, run: number): boolean {
  const n = text.length;
  for (let k = run - 1; k < n; k += run) {
    if (!isDigit(text.charCodeAt(k))) continue;
    let from = k;
    let to = k + 1;
    while (from > 0 && isDigit(text.charCodeAt(from - 1))) from--;
    while (to < n && isDigit(text.charCodeAt(to))) to++;
    if (to - from >= run) return true;
  }
  return false;
}

/** Occurrences of `ch` in `text`, counting no further than `max + 1`. */
function countUpTo(text: string, ch: string, max: number): number {
  let count = 0;
  for (let i = text.indexOf(ch); i !== -1 && count <= max; i = text.indexOf(ch, i + 1)) count++;
  return count;
}

/**
 * Whether the text alone shows that no value in it reaches a Jackson limit:
 * no run of digits long enough for a too-long number; no more opening
 * brackets than the depth limit; and, on a line longer than the key limit, no
 * backslash and no stretch between two quotes longer than the key limit (so
 * no key or string is that long). False means: let the careful reader decide.
 */
function clearlyWithinLimits(text: string): boolean {
  if (hasDigitRun(text, LONG_DIGIT_RUN)) return false;
  if (countUpTo(text, "[", JACKSON_LIMITS.depth) + countUpTo(text, "{", JACKSON_LIMITS.depth) > JACKSON_LIMITS.depth) return false;
  if (text.length > JACKSON_LIMITS.nameLength + 2) {
    if (text.includes("\\")) return false;
    let last = -1;
    for (let q = text.indexOf('"'); ; q = text.indexOf('"', q + 1)) {
      const next = q === -1 ? text.length : q;
      if (next - last - 1 > JACKSON_LIMITS.nameLength) return false;
      if (q === -1) break;
      last = q;
    }
  }
  return true;
}

/** The careful reader alone (no fast path), character by character as described above; exported for tests. */
export function readFirstJsonValueCarefully(text: string): FirstJsonValue {
  const n = text.length;
  let i = 0;
  const rawControls: number[] = [];
  /** Whether an integer token lies outside ±(2^53−1), so JSON.parse would round it. */
  let unsafeIntegers = false;
  const at = (k: number) => (k < n ? `${JSON.stringify(text[k])} at character ${k + 1}` : "the end of the line");
  const fail = (what: string): never => {
    throw new Bad(what);
  };
  const skipWhitespace = () => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  };
  const readString = (limit: number, what: string) => {
    i++; // the opening quote
    let length = 0;
    for (;;) {
      if (i >= n) fail(`a string is not closed before the end of the line`);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (!ESCAPES.has(e)) fail(`bad escape ${at(i + 1)}`);
        if (e === 0x75) {
          for (let k = i + 2; k < i + 6; k++) if (!isHex(text.charCodeAt(k))) fail(`\\u needs four hex digits, got ${at(k)}`);
          i += 6;
        } else i += 2;
      } else {
        if (c < 0x20) rawControls.push(i);
        i++;
      }
      length++;
    }
    i++; // the closing quote
    if (length > limit) fail(`${what} of ${length} characters is longer than Jackson's limit of ${limit}`);
  };
  const digits = () => {
    const from = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i - from;
  };
  const readNumber = () => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) fail(`a number needs a digit, got ${at(i)}`);
    const leadingZero = text.charCodeAt(i) === 0x30;
    const intLen = digits();
    if (leadingZero && intLen > 1) fail(`a number with a leading zero ${at(i - intLen)}`);
    let fracLen = 0;
    let expLen = 0;
    let float = false;
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      float = true;
      fracLen = digits();
      if (fracLen === 0) fail(`a decimal point needs a digit after it, got ${at(i)}`);
    }
    if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
      i++;
      float = true;
      if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
      expLen = digits();
      if (expLen === 0) fail(`an exponent needs a digit, got ${at(i)}`);
    }
    const len = float ? intLen + fracLen + expLen : intLen;
    if (len > JACKSON_LIMITS.numberLength) fail(`a number of ${len} digits is longer than Jackson's limit of ${JACKSON_LIMITS.numberLength}`);
    // Digit strings of one length compare as numbers (no leading zeros here).
    if (!float && (intLen > MAX_SAFE_DIGITS.length || (intLen === MAX_SAFE_DIGITS.length && text.slice(i - intLen, i) > MAX_SAFE_DIGITS))) unsafeIntegers = true;
  };

  try {
    skipWhitespace();
    const start = i;
    if (i >= n) fail("the line holds no JSON value");
    const stack: Array<"object" | "array"> = [];
    // What may come next: a value; a key or `}`; a value or `]`; `,` or the closing bracket.
    let expect: "value" | "key-or-end" | "value-or-end" | "comma-or-end" = "value";
    for (;;) {
      skipWhitespace();
      const c = text.charCodeAt(i);
      let valueDone = false;
      if (expect === "comma-or-end") {
        const top = stack[stack.length - 1]!;
        const close = top === "object" ? 0x7d : 0x5d;
        if (c === close) {
          stack.pop();
          i++;
          valueDone = true;
        } else if (c === 0x2c) {
          i++;
          if (top === "object") {
            skipWhitespace();
            if (text.charCodeAt(i) !== 0x22) fail(`expected a key in quotes, got ${at(i)}`);
            expect = "key-or-end";
          } else expect = "value";
          continue;
        } else fail(`expected "," or "${top === "object" ? "}" : "]"}", got ${at(i)}`);
      } else if (expect === "key-or-end") {
        if (c === 0x7d) {
          stack.pop();
          i++;
          valueDone = true;
        } else if (c === 0x22) {
          readString(JACKSON_LIMITS.nameLength, "a key");
          skipWhitespace();
          if (text.charCodeAt(i) !== 0x3a) fail(`expected ":" after a key, got ${at(i)}`);
          i++;
          expect = "value";
          continue;
        } else fail(`expected a key in quotes or "}", got ${at(i)}`);
      } else if (expect === "value-or-end" && c === 0x5d) {
        stack.pop();
        i++;
        valueDone = true;
      } else if (c === 0x7b || c === 0x5b) {
        stack.push(c === 0x7b ? "object" : "array");
        if (stack.length > JACKSON_LIMITS.depth) fail(`nesting deeper than Jackson's limit of ${JACKSON_LIMITS.depth}`);
        i++;
        expect = c === 0x7b ? "key-or-end" : "value-or-end";
        continue;
      } else if (c === 0x22) {
        readString(JACKSON_LIMITS.stringLength, "a string");
        valueDone = true;
      } else if (c === 0x2d || isDigit(c)) {
        readNumber();
        valueDone = true;
      } else {
        const word = ["true", "false", "null"].find((w) => text.startsWith(w, i));
        if (word === undefined) fail(`unexpected ${at(i)}`);
        i += word!.length;
        valueDone = true;
      }
      if (valueDone && stack.length === 0) break;
      expect = "comma-or-end";
    }
    const end = i;
    let source = text.slice(start, end);
    if (rawControls.length > 0) {
      const parts: string[] = [];
      let from = start;
      for (const k of rawControls) {
        parts.push(text.slice(from, k), `\\u${text.charCodeAt(k).toString(16).padStart(4, "0")}`);
        from = k + 1;
      }
      parts.push(text.slice(from, end));
      source = parts.join("");
    }
    return { ok: true, value: unsafeIntegers ? buildExactly(source) : JSON.parse(source), start, end };
  } catch (e) {
    if (e instanceof Bad || e instanceof SyntaxError) return { ok: false, reason: e.message };
    throw e;
  }
}

/**
 * The value of `source`, one JSON value already checked by the careful reader
 * (raw control characters escaped), built as JSON.parse builds it except that
 * an integer token outside ±(2^53−1) becomes a BigInt with its exact value, as
 * Jackson reads it into a long or a BigInteger, where JSON.parse would round
 * it to the nearest double. Any other number is JSON.parse's (so `1.0` is 1,
 * and `1e400` Infinity, as before). Strings are decoded by JSON.parse, and a
 * `__proto__` key is an own property, as JSON.parse makes it; a repeated key
 * keeps its first place and its last value. Iterative, as the reader is.
 */
function buildExactly(source: string): unknown {
  type Frame = { array: unknown[]; object?: undefined; key?: undefined } | { array?: undefined; object: Record<string, unknown>; key: string | undefined };
  const stack: Frame[] = [];
  let result: unknown;
  let i = 0;
  const n = source.length;
  /** Puts a finished value in its container; true when it is the whole value. */
  const put = (v: unknown): boolean => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      result = v;
      return true;
    }
    if (top.array) top.array.push(v);
    else {
      const key = top.key!;
      if (key === "__proto__") Object.defineProperty(top.object, key, { value: v, writable: true, enumerable: true, configurable: true });
      else top.object[key] = v;
      top.key = undefined;
    }
    return false;
  };
  for (;;) {
    const c = source.charCodeAt(i);
    if (isWhitespace(c) || c === 0x2c || c === 0x3a) {
      i++; // separators: the text is known to be well formed
      continue;
    }
    let done: boolean;
    if (c === 0x7b) {
      stack.push({ object: {}, key: undefined });
      i++;
      continue;
    } else if (c === 0x5b) {
      stack.push({ array: [] });
      i++;
      continue;
    } else if (c === 0x7d || c === 0x5d) {
      const f = stack.pop()!;
      i++;
      done = put(f.array ?? f.object);
    } else if (c === 0x22) {
      const from = i;
      for (i++; source.charCodeAt(i) !== 0x22; i++) if (source.charCodeAt(i) === 0x5c) i++;
      i++;
      const s = JSON.parse(source.slice(from, i)) as string;
      const top = stack[stack.length - 1];
      if (top?.object && top.key === undefined) {
        top.key = s;
        continue;
      }
      done = put(s);
    } else if (c === 0x2d || isDigit(c)) {
      const from = i;
      let integer = true;
      for (i++; i < n; i++) {
        const d = source.charCodeAt(i);
        if (isDigit(d)) continue;
        if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d) integer = false;
        else break;
      }
      const token = source.slice(from, i);
      const x = Number(token);
      done = put(integer && !Number.isSafeInteger(x) ? BigInt(token) : x);
    } else {
      const word = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
      i += word.length;
      done = put(word === "true" ? true : word === "false" ? false : null);
    }
    if (done) return result;
  }
}
