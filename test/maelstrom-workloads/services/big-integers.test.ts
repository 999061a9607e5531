import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";
import { jsonText } from "../../../maelstrom-workloads/model/json-text.js";
import type { JournalEvent } from "../../../maelstrom-workloads/model/journal-event.js";
import { parseNodeOutput } from "../../../maelstrom-workloads/run/parse-node-output.js";
import { runNetwork } from "../../../maelstrom-workloads/run/run-network.js";
import { prStr, str } from "../../../maelstrom-workloads/services/clojure-text.js";

// A node that writes an integer past 2^53 to a service must read it back exactly, and a cas
// from a neighbouring value must fail with 22, as on Maelstrom (whose services hold the Long
// or BigInteger Jackson read). Here the whole road: the node's line as the harness reads it,
// the run's network with its services, and each reply as the line the node's stdin gets.

/** A run's network (with the services) on a virtual clock; the lines node n1 would read on its stdin. */
function rig() {
  const clock = new VirtualClock();
  const journal: JournalEvent[] = [];
  const net = runNetwork({ latency: { mean: 0, dist: "constant" }, loss: 0, seed: 1, nemesis: [], schedule: undefined }, clock, () => clock.now() * 1e6, (e) => journal.push(e));
  const stdin: string[] = [];
  net.register("n1", { deliver: (m) => stdin.push(`{"id":${m.id},"src":${JSON.stringify(m.src)},"dest":${JSON.stringify(m.dest)},"body":${jsonText(m.body)}}`) });
  /** Sends one line as n1 printed it. */
  const print = (line: string) => {
    const m = parseNodeOutput(line);
    if (!m.ok) throw new Error(m.reason);
    net.send(m.src, m.dest, m.body);
  };
  return { print, stdin, journal };
}

describe("big integers through the services", () => {
  it("lin-kv: a write of 1152921504606846977 reads back as exactly that; a cas from 1152921504606846990 fails with 22; a cas from the value succeeds", () => {
    const { print, stdin, journal } = rig();
    print('{"src":"n1","dest":"lin-kv","body":{"type":"write","key":"k","value":1152921504606846977,"msg_id":1}}');
    print('{"src":"n1","dest":"lin-kv","body":{"type":"read","key":"k","msg_id":2}}');
    print('{"src":"n1","dest":"lin-kv","body":{"type":"cas","key":"k","from":1152921504606846990,"to":1,"msg_id":3}}');
    print('{"src":"n1","dest":"lin-kv","body":{"type":"cas","key":"k","from":1152921504606846977,"to":18446744073709551616,"msg_id":4}}');
    print('{"src":"n1","dest":"lin-kv","body":{"type":"cas","key":"k","from":1,"to":2,"msg_id":5}}');
    print('{"src":"n1","dest":"lin-kv","body":{"type":"read","key":"k","msg_id":6}}');
    expect(stdin.map((l) => l.replace(/^\{"id":\d+,/, "{"))).toEqual([
      '{"src":"lin-kv","dest":"n1","body":{"type":"write_ok","in_reply_to":1}}',
      '{"src":"lin-kv","dest":"n1","body":{"type":"read_ok","value":1152921504606846977,"in_reply_to":2}}',
      '{"src":"lin-kv","dest":"n1","body":{"type":"error","code":22,"text":"current value 1152921504606846977 is not 1152921504606846990","in_reply_to":3}}',
      '{"src":"lin-kv","dest":"n1","body":{"type":"cas_ok","in_reply_to":4}}',
      // Past a long, Jackson gives a java.math.BigInteger, which Clojure's pr-str writes with BIGINT.
      '{"src":"lin-kv","dest":"n1","body":{"type":"error","code":22,"text":"current value 18446744073709551616BIGINT is not 1","in_reply_to":5}}',
      '{"src":"lin-kv","dest":"n1","body":{"type":"read_ok","value":18446744073709551616,"in_reply_to":6}}',
    ]);
    // The journal's events hold the exact values too.
    expect(jsonText(journal.find((e) => e.type === "send" && e.message.body.type === "read_ok")!.message.body)).toBe('{"type":"read_ok","value":1152921504606846977,"in_reply_to":2}');
  });

  it("seq-kv and lww-kv keep them exact too (lww-kv's 22 shows `from` with str)", () => {
    const { print, stdin } = rig();
    print('{"src":"n1","dest":"seq-kv","body":{"type":"write","key":1152921504606846977,"value":-1152921504606846977,"msg_id":1}}');
    print('{"src":"n1","dest":"seq-kv","body":{"type":"read","key":1152921504606846977,"msg_id":2}}');
    print('{"src":"n1","dest":"seq-kv","body":{"type":"read","key":1152921504606846976,"msg_id":3}}');
    print('{"src":"n1","dest":"lww-kv","body":{"type":"write","key":"k","value":36893488147419103232,"msg_id":4}}');
    print('{"src":"n1","dest":"lww-kv","body":{"type":"cas","key":"k","from":36893488147419103233,"to":1,"msg_id":5}}');
    const bodies = stdin.map((l) => l.slice(l.indexOf('"body":') + 7, -1));
    expect(bodies[1]).toBe('{"type":"read_ok","value":-1152921504606846977,"in_reply_to":2}');
    expect(bodies[2]).toBe('{"type":"error","code":20,"text":"key does not exist","in_reply_to":3}');
    // lww-kv has two replicas and answers from either (seeded: this run's cas reaches the one holding the value).
    expect(bodies[4]).toBe('{"type":"error","code":22,"text":"current value 36893488147419103232BIGINT is not 36893488147419103233","in_reply_to":5}');
  });

  it("pr-str writes a long's digits and a BigInteger's with BIGINT; str writes digits alone", () => {
    expect(prStr(1152921504606846977n)).toBe("1152921504606846977");
    expect(prStr(9223372036854775807n)).toBe("9223372036854775807");
    expect(prStr(-9223372036854775808n)).toBe("-9223372036854775808");
    expect(prStr(9223372036854775808n)).toBe("9223372036854775808BIGINT");
    expect(prStr(-9223372036854775809n)).toBe("-9223372036854775809BIGINT");
    expect(prStr([9223372036854775808n, { a: 1n }])).toBe('[9223372036854775808BIGINT {"a" 1}]');
    expect(str(9223372036854775808n)).toBe("9223372036854775808");
    expect(str([9223372036854775808n])).toBe("[9223372036854775808BIGINT]");
  });
});
