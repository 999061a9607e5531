import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JACKSON_LIMITS, readFirstJsonValue } from "../../../maelstrom-workloads/run/first-json-value.js";
import { parseNodeOutput } from "../../../maelstrom-workloads/run/parse-node-output.js";
import { jsonText } from "../../../maelstrom-workloads/model/json-text.js";

/*
 * How Maelstrom reads a line a node prints, from its source:
 * - src/maelstrom/process.clj (`parse-msg`) hands the whole line to cheshire's
 *   `parse-string`; only a Jackson parse exception is reported as "not valid
 *   JSON", but any exception in that stdout thread stops the node's output
 *   being routed for the rest of the test.
 * - cheshire 5.13.0, src/cheshire/parse.clj (`parse`): it pulls one token and
 *   builds that one value; nothing after the value is read, so trailing text is
 *   never seen. No token at all (an empty line) gives nil.
 * - cheshire 5.13.0, src/cheshire/factory.clj: the default factory enables
 *   ALLOW_UNQUOTED_CONTROL_CHARS and leaves comments, single quotes,
 *   NaN/Infinity, leading zeros and backslash-anything off.
 * - jackson-core 2.17.0 (ReaderBasedJsonParser `_skipWSOrEnd`,
 *   ParserBase `_throwUnquotedSpace`): before a token only space, tab, CR and
 *   LF are whitespace; with that feature a raw char below U+0020 is taken
 *   inside a string or a key. StreamReadConstraints: nesting depth 1000,
 *   number length 1000 by default.
 * - process.clj `keywordize-keys-1` then walks the value as a map: nil becomes
 *   {} (no src or dest: a schema error); a string, number or boolean throws.
 */

const msg = '{"src":"n1","dest":"c1","body":{"type":"echo_ok","in_reply_to":1}}';
const routed = { ok: true, src: "n1", dest: "c1", body: { type: "echo_ok", in_reply_to: 1 } };
const withBody = (body: string) => `{"src":"n1","dest":"c1","body":${body}}`;

describe("lines Maelstrom routes (cheshire reads the first value and stops)", () => {
  it.each([
    ["trailing garbage after the object: never read", `${msg}garbage`, routed],
    ["two objects separated by a space: the first is routed, the second ignored", `${msg} {"src":"n1","dest":"c2","body":{}}`, routed],
    ["two objects back to back", `${msg}${msg}`, routed],
    ["a stray closing brace after the object", `${msg}}`, routed],
    ["a raw control character after the object: past the value, never read", `${msg}\u0001\u0000`, routed],
    ["leading spaces, tabs and CR: JSON whitespace, skipped", ` \t\r${msg}`, routed],
    ["a raw tab inside a string: ALLOW_UNQUOTED_CONTROL_CHARS", withBody('{"echo":"a\tb"}'), { ok: true, src: "n1", dest: "c1", body: { echo: "a\tb" } }],
    ["raw U+0001 and U+001F inside a string", withBody('{"echo":"\u0001x\u001f"}'), { ok: true, src: "n1", dest: "c1", body: { echo: "\u0001x\u001f" } }],
    ["a raw control character inside a key: Jackson applies the feature to names too", withBody('{"k\u0002":1}'), { ok: true, src: "n1", dest: "c1", body: { "k\u0002": 1 } }],
    ["escapes still decode next to raw control characters", withBody('{"echo":"\\u0041\t\\n"}'), { ok: true, src: "n1", dest: "c1", body: { echo: "A\t\n" } }],
    ["nesting at exactly Jackson's depth limit (1000)", withBody(`{"x":${"[".repeat(998)}${"]".repeat(998)}}`), { ok: true, src: "n1", dest: "c1", body: { x: expect.any(Array) } }],
  ])("%s", (_why, line, expected) => {
    expect(parseNodeOutput(line)).toEqual(expected);
  });
});

describe("lines that still stop routing", () => {
  it.each([
    ["an empty line: no token, nil, which has no src or dest", "", /blank line/],
    ["only whitespace: the same", " \t ", /blank line/],
    ["not JSON at all: a Jackson parse error", "echo node says hello", /line not valid JSON \(unexpected "e" at character 1\)/],
    ["an array first: keywordize-keys-1 cannot walk it as a map", `[${msg}]`, /malformed message: not a JSON object \(the line starts with an array\)/],
    ["a string first, even with an object after it", `"hi"${msg}`, /not a JSON object \(the line starts with a string\)/],
    ["a number first", `1 ${msg}`, /not a JSON object \(the line starts with a number\)/],
    ["null first: becomes {} with no src or dest", `null${msg}`, /not a JSON object \(the line starts with null\)/],
    ["a raw control character before the value: not whitespace to Jackson", `\u0001${msg}`, /line not valid JSON \(unexpected "\\u0001" at character 1\)/],
    ["a non-breaking space before the value: not JSON whitespace", `\u00a0${msg}`, /line not valid JSON/],
    ["an object cut short", '{"src":"n1","dest":"c1","body":{', /line not valid JSON \(expected a key in quotes or "}", got the end of the line\)/],
    ["an unterminated string", '{"src":"n1', /line not valid JSON \(a string is not closed/],
    ["a trailing comma inside the object", withBody("{},"), /line not valid JSON \(expected a key in quotes/],
    ["a comment: ALLOW_COMMENTS is off", `// hi ${msg}`, /line not valid JSON/],
    ["single quotes: ALLOW_SINGLE_QUOTES is off", "{'src':'n1','dest':'c1'}", /line not valid JSON/],
    ["a leading zero: ALLOW_NUMERIC_LEADING_ZEROS is off", withBody('{"n":01}'), /line not valid JSON \(a number with a leading zero/],
    ["NaN: ALLOW_NON_NUMERIC_NUMBERS is off", withBody('{"n":NaN}'), /line not valid JSON \(unexpected "N"/],
    ["an unknown escape: ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER is off", withBody('{"s":"\\x"}'), /line not valid JSON \(bad escape/],
    ["a short \\u escape", withBody('{"s":"\\u12"}'), /line not valid JSON \(\\u needs four hex digits/],
    ["junk inside the object, before it closes", withBody("{}x}"), /line not valid JSON \(expected "," or "}", got "x"/],
    ["nesting one past Jackson's depth limit", withBody(`{"x":${"[".repeat(999)}${"]".repeat(999)}}`), /line not valid JSON \(nesting deeper than Jackson's limit of 1000\)/],
    ["an integer of 1001 digits: past Jackson's number length", withBody(`{"n":${"9".repeat(1001)}}`), /line not valid JSON \(a number of 1001 digits/],
    ["the envelope rules are unchanged: an extra top-level key", `{"src":"n1","dest":"c1","body":{},"x":1}garbage`, /unexpected top-level key\(s\) "x"/],
  ])("%s", (_why, line, why) => {
    const r = parseNodeOutput(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });
});

describe("readFirstJsonValue", () => {
  it("reads any JSON value and reports where it ends, whatever follows", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (v, junk) => {
        const text = JSON.stringify(v);
        const after = typeof v === "number" ? ` ${junk}` : junk; // "1" then ".5" would be one number
        const r = readFirstJsonValue(` ${text}${after}`);
        // An integer token past 2^53 (JSON.stringify writes 1e20 as 100000000000000000000) is read as an exact BigInt, so compare the text.
        expect(r.ok && { start: r.start, end: r.end }).toEqual({ start: 1, end: 1 + text.length });
        expect(r.ok && jsonText(r.value)).toBe(text);
        if (!/\d{16}/.test(text)) expect(r.ok && r.value).toEqual(JSON.parse(text));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("keeps keys and numbers as JSON.parse does, except an integer past 2^53, which stays exact (a BigInt) as Jackson keeps it", () => {
    const r = readFirstJsonValue('{"__proto__":{"a":1},"big":12345678901234567891,"f":1.5e3}tail');
    expect(r.ok && jsonText(r.value)).toBe('{"__proto__":{"a":1},"big":12345678901234567891,"f":1500}');
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it("reads a line nested far deeper than the limit without overflowing the stack", () => {
    const r = readFirstJsonValue("[".repeat(200_000));
    expect(r).toEqual({ ok: false, reason: `nesting deeper than Jackson's limit of ${JACKSON_LIMITS.depth}` });
  });
});
