import { expect, it } from "vitest";
import { parseNodeOutput } from "../../../maelstrom-workloads/run/parse-node-output.js";

it.each([
  ['{"src":"n1","dest":"c1","body":{"type":"echo_ok"}}', { ok: true, src: "n1", dest: "c1", body: { type: "echo_ok" } }],
  ['{"src":"n1","dest":"c1","id":7,"body":{}}', { ok: true, src: "n1", dest: "c1", body: {} }],
  ['{"src":"n1","dest":"c1"}', { ok: true, src: "n1", dest: "c1", body: {} }],
  ['{"src":"n1","dest":"c1","body":null}', { ok: true, src: "n1", dest: "c1", body: {} }],
])("accepts %s", (line, expected) => {
  expect(parseNodeOutput(line)).toEqual(expected);
});

it.each([
  ["", /blank line/],
  ["hello", /line not valid JSON/],
  ["[1]", /not a JSON object/],
  ['{"src":"n1","dest":"c1","body":{},"extra":1}', /unexpected top-level key\(s\) "extra"/],
  ['{"dest":"c1","body":{}}', /"src" must be a string/],
  ['{"src":"n1","dest":"c1","body":"x"}', /"body" must be an object/],
  ['{"src":"n1","dest":"c1","body":[]}', /"body" must be an object/],
  ['{"src":"n1","dest":"c1","id":"7","body":{}}', /"id" must be an integer/],
])("rejects %j the way Maelstrom does", (line, why) => {
  const r = parseNodeOutput(line);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.reason).toMatch(why);
});
