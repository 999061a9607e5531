import { describe, expect, it } from "vitest";
import { laneOrder } from "../../../maelstrom-workloads/report/lane-order.js";
import { lamportSvg } from "../../../maelstrom-workloads/report/lamport-svg.js";
import type { FaultSpan, JournalMessage } from "../../../maelstrom-workloads/report/report-types.js";
import { journalMessage } from "./journal-message.js";
import { wellFormed } from "./well-formed.js";

const HOSTILE = `</svg><script>alert(1)</script> ]]> & "q" 'a'`;
const ms = 1e6;
const msg = journalMessage;

/** A small run: a broadcast, its gossip (one dropped by a partition), the reply, an error, and a message still in flight at the end. */
const journal: JournalMessage[] = [
  msg(0, "c1", "n1", 0, 1, { type: "broadcast", message: 7, msg_id: 1 }),
  msg(1, "n1", "n2", 2, 5, { type: "gossip", messages: [7], msg_id: 1 }),
  msg(2, "n1", "lin-kv", 3, null, { type: "read", key: "k", msg_id: 2 }),
  msg(3, "n1", "n3", 3, null, { type: "gossip", messages: [7], msg_id: 3 }, { atNs: 6 * ms, why: "partition" }),
  msg(4, "n1", "c1", 4, 4, { type: "broadcast_ok", in_reply_to: 1 }),
  msg(5, "n2", "n1", 7, 8, { type: "error", code: 13, text: HOSTILE, in_reply_to: 1 }),
  msg(6, "c1", "n2", 9, 10, { type: "echo", echo: HOSTILE, msg_id: 2 }),
];
const faults: FaultSpan[] = [
  { kind: "partition", fromNs: 2.5 * ms, toNs: 6.5 * ms, nodes: ["n3"], label: "n3 | n1 n2" },
  { kind: "kill", fromNs: 8.5 * ms, toNs: Infinity, nodes: ["n2"], label: "n2" },
];
const lanes = laneOrder(journal.flatMap((m) => [m.src, m.dest]));
const msgGroups = (svg: string) => [...svg.matchAll(/<g class="(msg(?: [a-z ]+)?)" data-id="(\d+)"[^>]*>/g)].map((m) => ({ cls: m[1]!, id: Number(m[2]) }));

describe("laneOrder", () => {
  it("puts clients first, then nodes, by number, then the services, as Maelstrom's sort-clients does", () => {
    expect(laneOrder(["n10", "lin-kv", "n2", "c3", "seq-kv", "c10", "n2", "c1"])).toEqual(["c1", "c3", "c10", "n2", "n10", "lin-kv", "seq-kv"]);
  });
});

describe("lamportSvg", () => {
  const svg = lamportSvg(journal, { lanes, faults });

  it("draws one lane per node id, clients first and services last, and one arrow group per message", () => {
    expect(lanes).toEqual(["c1", "n1", "n2", "n3", "lin-kv"]);
    expect([...svg.matchAll(/<g class="lane" data-lane="([^"]+)"/g)].map((m) => m[1])).toEqual(lanes);
    expect(msgGroups(svg).map((g) => g.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(wellFormed(svg)).toBe(true);
  });

  it("colours by kind: client traffic, errors, and undelivered messages as a stub ending in a cross", () => {
    const cls = new Map(msgGroups(svg).map((g) => [g.id, g.cls]));
    expect(cls.get(0)).toBe("msg client");
    expect(cls.get(4)).toBe("msg client");
    expect(cls.get(5)).toBe("msg error");
    expect(cls.get(1)).toBe("msg");
    expect(cls.get(2)).toBe("msg undelivered");
    expect(cls.get(3)).toBe("msg undelivered");
    const dropped = /<g class="msg undelivered" data-id="3"[^>]*data-why="partition">.*?<\/g>/s.exec(svg)?.[0] ?? "";
    expect(dropped).toContain('class="cross"');
    expect(dropped).not.toContain("marker-end");
    expect(dropped).toContain("dropped (partition) at 0.006 s");
    expect(svg).toMatch(/<g class="msg undelivered" data-id="2"[^>]*data-why="in-flight">/);
  });

  it("draws each delivered arrow from the sender's lane down to the receiver's", () => {
    const laneX = new Map([...svg.matchAll(/<g class="lane" data-lane="([^"]+)"><line x1="([\d.]+)"/g)].map((m) => [m[1]!, Number(m[2])]));
    const gossip = /<g class="msg" data-id="1"[^>]*>.*?<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/s.exec(svg)!;
    const [x1, y1, x2, y2] = gossip.slice(1).map(Number);
    expect(x1).toBe(laneX.get("n1"));
    expect(x2).toBe(laneX.get("n2"));
    expect(y2).toBeGreaterThan(y1!);
    // the label is the type and the body without type and msg_id
    expect(svg).toContain(`gossip {&quot;messages&quot;:[7]}</text>`);
  });

  it("escapes hostile bodies: no tag, CDATA end or quote gets out of its text", () => {
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("]]>");
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg.match(/<\/svg>/g)).toHaveLength(1);
    expect(svg).toContain("&lt;/svg&gt;&lt;script&gt;");
    // the error's label is its text, the echo's its body
    expect(svg).toMatch(/<g class="msg error" data-id="5".*?<text [^>]*>error &lt;\/svg&gt;/s);
    const hostileType = lamportSvg([msg(0, "n1", "n2\"><x>", 0, 1, { type: `a"><script>` })], { lanes: [], faults: [] });
    expect(hostileType).toContain('data-type="a&quot;&gt;&lt;script&gt;"');
    expect(hostileType).toContain('data-lane="n2&quot;&gt;&lt;x&gt;"');
    expect(wellFormed(hostileType)).toBe(true);
  });

  it("shades a partition as a labelled band and a kill on its lane", () => {
    expect(svg).toMatch(/<g class="fault partition"[^>]*>.*?<rect [^>]*\/><text [^>]*>partition: n3 \| n1 n2<\/text><\/g>/s);
    expect(svg).toMatch(/<g class="fault kill" data-kind="kill" data-from-ns="8500000" data-to-ns="Infinity" data-lane="n2">/);
    expect(svg.indexOf('class="fault')).toBeLessThan(svg.indexOf('class="msg'));
  });

  it("draws at most maxMessages of the window and says how many were left out and where to see them", () => {
    const capped = lamportSvg(journal, { lanes, faults, maxMessages: 4 });
    expect(msgGroups(capped).map((g) => g.id)).toEqual([0, 1, 2, 3]);
    expect(capped).toContain("Showing the first 4 of 7 messages");
    expect(capped).toContain("3 later ones are left out");
    expect(capped).toContain("report.html shows all of them");
    expect(svg).not.toContain("left out");
    const windowed = lamportSvg(journal, { lanes, faults, fromNs: 3 * ms, toNs: 7 * ms });
    // [fromNs, toNs): the error sent at 7 ms is outside
    expect(msgGroups(windowed).map((g) => g.id)).toEqual([2, 3, 4]);
    expect(windowed).toContain("Messages sent from 0.003 s to 0.007 s: 3 of the 7 in the run.");
  });
});
