import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJournal } from "../../../maelstrom-workloads/report/read-journal.js";

const dir = mkdtempSync(join(tmpdir(), "read-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (id: number, time: number, type: string, m: { id: number; src: string; dest: string; body: unknown }, why?: string) =>
  JSON.stringify({ id, time, type, ...(why ? { why } : {}), message: m });

describe("readJournal", () => {
  it("pairs sends with recvs and drops by message id, and counts the lines it cannot use", async () => {
    const a = { id: 0, src: "c1", dest: "n1", body: { type: "broadcast", message: 7, msg_id: 1 } };
    const b = { id: 1, src: "n1", dest: "n2", body: { type: "gossip", messages: [7] } };
    const c = { id: 2, src: "n1", dest: "n3", body: { type: "gossip", messages: [7] } };
    const d = { id: 3, src: "n1", dest: "c1", body: { type: "broadcast_ok", in_reply_to: 1 } };
    const path = join(dir, "journal.jsonl");
    writeFileSync(
      path,
      [
        line(0, 0, "send", a),
        line(1, 10, "recv", a),
        line(2, 20, "send", b),
        line(3, 21, "send", c),
        "this is not json",
        line(4, 30, "drop", c, "partition"),
        // a recv written with other spacing and key order: read by the slow path
        JSON.stringify({ type: "recv", message: b, time: 40, id: 5 }, null, 0).replace(/,/g, ", "),
        "",
        line(6, 50, "send", d),
        line(7, 60, "recv", { id: 99, src: "n9", dest: "n1", body: {} }), // never sent
        line(8, 70, "partition", { id: 3, src: "n1", dest: "c1", body: {} }), // a type from a later format: skipped
        '{"id":9,"time":80,"type":"recv","message":{"id":3,"src":"n1"', // cut short when the run was killed
      ].join("\n"),
    );
    const { messages, unreadable } = await readJournal(path);
    expect(unreadable).toBe(3);
    expect(messages).toEqual([
      { id: 0, src: "c1", dest: "n1", sendNs: 0, recvNs: 10, type: "broadcast", body: a.body },
      { id: 1, src: "n1", dest: "n2", sendNs: 20, recvNs: 40, type: "gossip", body: b.body },
      { id: 2, src: "n1", dest: "n3", sendNs: 21, recvNs: null, type: "gossip", body: c.body, drop: { atNs: 30, why: "partition" } },
      { id: 3, src: "n1", dest: "c1", sendNs: 50, recvNs: null, type: "broadcast_ok", body: d.body },
    ]);
  });

  it("reads an empty journal as no messages", async () => {
    const path = join(dir, "empty.jsonl");
    writeFileSync(path, "");
    expect(await readJournal(path)).toEqual({ messages: [], unreadable: 0, clipped: 0, watched: {} });
  });

  it("cuts long bodies as it reads, after finding the watched values in the whole bodies", async () => {
    const long = Array.from({ length: 1000 }, (_, i) => i);
    const path = join(dir, "long.jsonl");
    writeFileSync(
      path,
      [
        line(0, 0, "send", { id: 0, src: "n1", dest: "c1", body: { type: "read_ok", messages: long, in_reply_to: 1 } }),
        line(1, 1, "send", { id: 1, src: "n1", dest: "n2", body: { type: "gossip", messages: [999], msg_id: 5 } }),
      ].join("\n") + "\n",
    );
    const r = await readJournal(path, { maxBodyChars: 200, watch: [999, 5, [1, 2]] });
    expect(r.clipped).toBe(1);
    expect(r.watched).toEqual({ "999": [0], "5": [0], "[1,2]": [] }); // only the cut body is listed: the other can be searched as it is
    const clipped = r.messages[0]!.body as { type: string; messages: unknown[] };
    expect(clipped.type).toBe("read_ok");
    expect(r.messages[0]!.type).toBe("read_ok");
    expect(JSON.stringify(clipped).length).toBeLessThanOrEqual(200);
    expect(clipped.messages[clipped.messages.length - 1]).toMatch(/^… \d+ more$/);
    expect(r.messages[1]!.body).toEqual({ type: "gossip", messages: [999], msg_id: 5 });
  });
});
