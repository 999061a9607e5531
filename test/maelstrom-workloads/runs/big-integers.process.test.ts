import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHarness } from "../../helpers/run-harness.js";

// Integers past 2^53 between real processes and the harness: a Python node (its json module keeps
// integers exact, as Maelstrom's Jackson does) writes 2^60 + 1 to lin-kv, reads it back and tries a
// cas from 2^60 + 14. The harness must read the node's line exactly, the service must hold and compare
// the exact value, and the reply on the node's stdin, the journal and the history must carry its digits.

const BIG = "1152921504606846977"; // 2^60 + 1: JSON.parse would make it 1152921504606846976
const noPython = spawnSync("python3", ["--version"]).status !== 0;

describe.skipIf(noPython)("integers past 2^53 on the process host (needs python3)", () => {
  it("a lin-kv write of 2^60 + 1 reads back exact on the node's stdin, and a cas from 2^60 + 14 fails with 22 (echo workload, 3 nodes, 2 s)", async () => {
    const r = await runHarness({ workload: "echo", bin: "test/fixtures/harness/big-ids.py", timeLimit: 2, rate: 5 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    // Each log line starts with its time (ms since the run began); the node's own text follows.
    const log = readFileSync(join(r.dir, "node-logs", "n0.log"), "utf8").replace(/^ *\d+ ms /gm, "");
    expect(log).toBe(
      [
        'lin-kv write: {"type": "write_ok"}',
        `lin-kv read: {"type": "read_ok", "value": ${BIG}}`,
        `lin-kv cas: {"type": "error", "code": 22, "text": "current value ${BIG} is not 1152921504606846990"}`,
        "",
      ].join("\n"),
    );
    const journal = r.text("journal.jsonl");
    expect(journal).toMatch(new RegExp(`"src":"n0","dest":"lin-kv","body":\\{"type":"write","key":"k","value":${BIG},"msg_id":\\d+\\}`));
    expect(journal).toMatch(new RegExp(`"src":"lin-kv","dest":"n0","body":\\{"type":"read_ok","value":${BIG},"in_reply_to":\\d+\\}`));
  }, 30_000);

  it("unique-ids: distinct 64-bit snowflake ids past 2^53 are valid, shown exactly in the summary and the history (3 nodes, --rate 20, 3 s)", async () => {
    const r = await runHarness({ workload: "unique-ids", bin: "test/fixtures/harness/big-ids.py", timeLimit: 3, rate: 20 });
    expect(r.exitCode, `${r.label}\n${r.output}`).toBe(0);
    const w = r.file("results.json").workload;
    expect(w).toMatchObject({ "valid?": true, "duplicated-count": 0 });
    expect(w["acknowledged-count"]).toBeGreaterThan(20);
    // JSON.parse rounds results.json's range; its text has the exact ids: 2^60 + (1 << 4) + node number.
    expect(r.text("results.json")).toMatch(/"range": \[\n\s+11529215046068469(92|93|94),\n\s+1152921504606847\d{3}\n\s+\]/);
    expect(r.output).toMatch(/unique-ids +\d+ ids of \d+ attempts: 0 duplicated; range \[11529215046068469(92|93|94),1152921504606847\d{3}\]/);
    expect(r.text("history.txt")).toMatch(/^\d+\tok\tgenerate\t11529215046068469(92|93|94)$/m);
  }, 30_000);
});
