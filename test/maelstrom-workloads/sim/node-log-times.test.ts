import { describe, expect, it } from "vitest";
import type { Node } from "../../../lib/index.js";
import { simRun } from "../../helpers/sim-run.js";

// Issue 15: on the simulator each node-log line starts with its virtual ms since the run began, the
// journal's clock: a line logged as a message arrives has that message's recv time, to the ms.

/** Echo that logs "got echo <message id>" as each echo arrives, and a two-line text once. */
function install(node: Node): void {
  let first = true;
  node.on("echo", (m) => {
    node.log.info(`got echo ${m.id}`);
    if (first) node.log.info("two lines:\nthe second");
    first = false;
    return { type: "echo_ok", echo: m.body.echo };
  });
}

describe("node logs on the simulator", () => {
  it("each line's time is its virtual ms, the journal's recv time of the message it logs (floored); a line inside a log text gets the time too", async () => {
    const r = await simRun({ workloadName: "echo", install, bin: "logs-echoes", nodeCount: 2, timeLimit: 3, latency: { mean: 7, dist: "uniform" }, seed: 5, logStderr: true });
    expect(r.exitCode, r.output).toBe(0);
    const recvMs = new Map<number, number>();
    for (const l of r.text("journal.jsonl").trim().split("\n")) {
      const e = JSON.parse(l);
      if (e.type === "recv") recvMs.set(e.message.id, e.time / 1e6);
    }
    let checked = 0;
    for (const n of ["n0", "n1"]) {
      const log = r.text(`node-logs/${n}.log`);
      expect(log).toMatch(new RegExp(`^ *(\\d+) ms \\[${n}\\] info: two lines:\\n *\\1 ms the second$`, "m"));
      for (const line of log.trimEnd().split("\n")) {
        const m = /^ {0,7}(\d+) ms (.*)$/.exec(line);
        expect(m, `${n}: a line without its time: ${JSON.stringify(line)}`).not.toBeNull();
        const got = /got echo (\d+)$/.exec(m![2]!);
        if (!got) continue;
        const at = recvMs.get(Number(got[1]));
        expect(Number(m![1]), `${n}: ${line}; received at ${at} ms`).toBe(Math.floor(at!));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Virtual time goes past the first second: the times are not all 0.
    expect(r.text("node-logs/n0.log")).toMatch(/^ *[1-9]\d{3} ms /m);
    // --log-stderr shows the node's own lines, without the time (as the process host shows them).
    expect(r.output).toMatch(/^\[n0 stderr\] \[n0\] info: got echo \d+$/m);
  });
});
