import { expect } from "vitest";

/** One result line of test/fixtures/nodes/kv-probe.ts. */
export type ProbeResult = { step: string; ok?: unknown; error?: { name: string; code?: number; text: string } };

/** The probe lines of a node's log, in order. */
export function probeResults(log: string): ProbeResult[] {
  return log
    .split("\n")
    .flatMap((l) => {
      const i = l.indexOf(" probe {");
      return i < 0 ? [] : [JSON.parse(l.slice(i + " probe ".length)) as ProbeResult];
    });
}

const ok = (step: string, value: unknown = null): ProbeResult => ({ step, ok: value });
const err = (step: string, name: string, code: number, text: string): ProbeResult => ({ step, error: { name, code, text } });

/**
 * Asserts what each node's probe logged (logs: node id → its log text): the
 * same answers from every service as Maelstrom's, and lin-tso's stamps
 * increasing on each node and, over all nodes, exactly 0, 1, 2, ... (each
 * node asks three times).
 */
export function expectProbes(logs: Record<string, string>, label: string): void {
  const stamps: number[] = [];
  for (const [id, log] of Object.entries(logs)) {
    const results = probeResults(log);
    const mine = results.filter((r) => r.step === "lin-tso ts").map((r) => r.ok as number);
    expect(
      results.filter((r) => r.step !== "lin-tso ts"),
      `${label}: ${id}'s probe`,
    ).toEqual([
      err("lin-kv read missing", "KeyDoesNotExistError", 20, "key does not exist"),
      ok("lin-kv write"),
      ok("lin-kv read", 1),
      err("lin-kv cas mismatch", "PreconditionFailedError", 22, "current value 1 is not 7"),
      ok("lin-kv cas"),
      ok("lin-kv read after cas", 2),
      ok("lin-kv cas create"),
      ok("lin-kv read created", { n: 5 }),
      ok("seq-kv write"),
      ok("seq-kv read own write", 1),
      ok("seq-kv cas"),
      ok("seq-kv read own cas", 2),
      err("lww-kv cas missing create", "KeyDoesNotExistError", 20, "key does not exist"),
      ok("lww-kv write"),
      { step: "done" },
    ]);
    expect(mine.length, `${label}: ${id}'s lin-tso stamps`).toBe(3);
    expect([...mine].sort((a, b) => a - b), `${label}: ${id}'s lin-tso stamps increase`).toEqual(mine);
    stamps.push(...mine);
  }
  expect(stamps.sort((a, b) => a - b), `${label}: lin-tso's stamps over all nodes`).toEqual(Array.from({ length: stamps.length }, (_, i) => i));
}
