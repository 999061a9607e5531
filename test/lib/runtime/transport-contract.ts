import { describe, expect, it } from "vitest";
import type { Transport } from "../../../lib/runtime/transport.js";

export interface TransportRig {
  transport: Transport;
  /** Puts raw text on the transport's input (may hold several lines, or part of one). */
  feed(text: string): void;
  /** Closes the input. */
  end(): void;
  /** Everything written so far, as text. */
  written(): string;
}

/** The contract every Transport must keep; run against each implementation. */
export function runTransportContract(name: string, setup: () => TransportRig): void {
  describe(`Transport contract: ${name}`, () => {
    function collect(rig: TransportRig) {
      const lines: string[] = [];
      const ended = new Promise<void>((resolve) => rig.transport.start({ line: (l) => lines.push(l), end: () => resolve() }));
      return { lines, ended };
    }

    it("delivers lines in order and ends after the last one", async () => {
      const rig = setup();
      const { lines, ended } = collect(rig);
      rig.feed('{"a":1}\n{"b":2}\n');
      rig.feed("third\n");
      rig.end();
      await ended;
      expect(lines).toEqual(['{"a":1}', '{"b":2}', "third"]);
    });

    it("writes lines in order, each ended by a newline, once flushed", async () => {
      const rig = setup();
      collect(rig);
      rig.transport.write("one");
      rig.transport.write("two");
      await rig.transport.flush();
      rig.transport.write("three");
      await rig.transport.flush();
      expect(rig.written()).toBe("one\ntwo\nthree\n");
    });

    it("keeps a line that arrives with no final newline before the end", async () => {
      const rig = setup();
      const { lines, ended } = collect(rig);
      rig.feed("last");
      rig.end();
      await ended;
      expect(lines).toEqual(["last"]);
    });
  });
}
