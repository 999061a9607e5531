// The test.json the harness writes is what the store's format says (model/store-format.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { readTestJson, RUN_FILES, type TestJson, testJsonSchema } from "../../../maelstrom-workloads/model/store-format.js";
import { runHarness } from "../../helpers/run-harness.js";

it("the test.json a real run writes is a TestJson, with nothing missing and no problems", async () => {
  const run = await runHarness({ workload: "echo", bin: "nodes/echo.ts", nodeCount: 1, timeLimit: 1 });
  const text = readFileSync(join(run.dir, RUN_FILES.test), "utf8");
  const strict = testJsonSchema.safeParse(JSON.parse(text));
  expect(strict.error).toBeUndefined();
  const read = readTestJson(text);
  expect(read.problems).toEqual([]);
  expect(read.missing).toEqual([]);
  expect((strict.data as TestJson).status).toBe("done");
}, 20_000);
