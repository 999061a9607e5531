import { expect, it } from "vitest";
import { parseLine } from "../../../lib/protocol/parse-line.js";

it.each([
  ['{"src":"c1","dest":"n1","body":{"type":"echo"}}', true],
  ['{"id":3,"src":"c1","dest":"n1","body":{}}', true],
  ['{"src":"c1","dest":"n1","body":null}', false],
  ['{"src":"c1","dest":"n1","body":[]}', false],
  ['{"src":1,"dest":"n1","body":{}}', false],
  ['{"src":"c1","body":{}}', false],
  ["null", false],
  ['"text"', false],
  ["{", false],
])("parseLine(%s).ok is %s", (line, ok) => {
  const r = parseLine(line);
  expect(r.ok).toBe(ok);
  if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
});
