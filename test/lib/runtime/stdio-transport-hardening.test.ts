import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Node } from "../../../lib/runtime/node.js";
import { StdioTransport } from "../../../lib/runtime/stdio-transport.js";
import { VirtualClock } from "../../../lib/runtime/virtual-clock.js";

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** Starts a transport on `input`, collecting the lines it delivers, its log lines, and how often it ended. */
function collect(transport: StdioTransport, onLine: (l: string) => void = () => {}) {
  const lines: string[] = [];
  let ends = 0;
  const ended = new Promise<void>((resolve) =>
    transport.start({
      line: (l) => {
        lines.push(l);
        onLine(l);
      },
      end: () => {
        ends++;
        resolve();
      },
    }),
  );
  return { lines, ended, ends: () => ends };
}

describe("an input line longer than maxLineBytes (item 7)", () => {
  it("is skipped with one log line giving its length and the limit; the lines around it are delivered", async () => {
    const input = new PassThrough();
    const logs: string[] = [];
    const t = new StdioTransport(input, new PassThrough(), { maxLineBytes: 100, log: (l) => logs.push(l) });
    const c = collect(t);
    input.write("before\n" + "x".repeat(60));
    input.write("y".repeat(60)); // the line is now over the limit, with no newline yet
    input.write("z".repeat(880) + "\nafter\n");
    input.write("a".repeat(100) + "\n"); // exactly at the limit: kept
    input.end("w".repeat(150)); // over the limit, at end of input without a newline
    await c.ended;
    expect(c.lines).toEqual(["before", "after", "a".repeat(100)]);
    expect(logs).toEqual([
      "skipped a line of 1000 bytes on stdin: longer than the limit of 100 bytes; reading goes on with the next line",
      "skipped a line of 150 bytes on stdin: longer than the limit of 100 bytes; reading goes on with the next line",
    ]);
  });

  it("through a node: the next request is answered", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (d: Buffer) => (written += d));
    const logs: string[] = [];
    const node = new Node({ transport: new StdioTransport(input, output, { maxLineBytes: 300, log: (l) => logs.push(l) }), clock: new VirtualClock(), logWrite: () => {}, logLevel: "off" });
    node.on("echo", (m) => ({ type: "echo_ok", echo: m.body.echo }));
    const running = node.run();
    input.write('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}\n');
    input.write(`{"src":"c1","dest":"n1","body":{"type":"echo","echo":"${"x".repeat(1000)}","msg_id":2}}\n`);
    input.end('{"src":"c1","dest":"n1","body":{"type":"echo","echo":"small","msg_id":3}}\n');
    await running;
    expect(written.trim().split("\n").map((l) => JSON.parse(l).body.type)).toEqual(["init_ok", "echo_ok"]);
    expect(logs).toEqual(["skipped a line of 1068 bytes on stdin: longer than the limit of 300 bytes; reading goes on with the next line"]);
  });

  it("keeps multi-byte characters split across chunks intact, and strips a CR before the newline", async () => {
    const input = new PassThrough();
    const t = new StdioTransport(input, new PassThrough());
    const c = collect(t);
    const bytes = Buffer.from("héllo wörld\r\nnext\n");
    input.write(bytes.subarray(0, 2)); // splits the é
    input.end(bytes.subarray(2));
    await c.ended;
    expect(c.lines).toEqual(["héllo wörld", "next"]);
  });
});

describe("a line handler that throws (item 1)", () => {
  it("is logged; the other lines of the same chunk are still delivered, and output already queued is written", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (d: Buffer) => (written += d));
    const logs: string[] = [];
    const t = new StdioTransport(input, output, { log: (l) => logs.push(l) });
    const c = collect(t, (l) => {
      t.write(`seen ${l}`);
      if (l === "two") throw new Error("handler exploded");
    });
    input.end("one\ntwo\nthree\n");
    await c.ended;
    await t.flush();
    expect(c.lines).toEqual(["one", "two", "three"]);
    expect(written).toBe("seen one\nseen two\nseen three\n");
    expect(logs.join("\n")).toMatch(/handling a line of input threw \(reading goes on\): Error: handler exploded/);
  });
});

describe("output whose reader has gone away (EPIPE, item 3)", () => {
  it("is reported once, ends input, drops further output and flushes without an unhandled 'error'", async () => {
    const input = new PassThrough();
    const output = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const logs: string[] = [];
    const t = new StdioTransport(input, output, { log: (l) => logs.push(l) });
    const c = collect(t);
    input.write("a\n");
    t.write("first");
    await t.flush();
    await c.ended;
    t.write("second");
    await t.flush();
    await turns(3);
    expect(c.ends()).toBe(1);
    expect(logs).toEqual(["stdout was closed by its reader (EPIPE): stopping, as nothing more can be sent"]);
    input.write("b\n"); // input is no longer read
    await turns(3);
    expect(c.lines).toEqual(["a"]);
  });

  it("any other write failure is logged once and makes flush reject with it", async () => {
    const output = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error("no space left on device"), { code: "ENOSPC" }));
      },
    });
    const logs: string[] = [];
    const t = new StdioTransport(new PassThrough(), output, { log: (l) => logs.push(l) });
    const c = collect(t);
    t.write("x");
    await expect(t.flush()).rejects.toThrow(/no space left/);
    await c.ended;
    expect(logs).toEqual(["writing to stdout failed (ENOSPC: no space left on device): stopping"]);
  });
});

describe("backpressure: a reader that stalls (item 4)", () => {
  function rig(limit: number) {
    let produced = 0;
    const input = new Readable({
      read() {
        const lines: string[] = [];
        if (produced === 0) lines.push('{"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n1"],"msg_id":1}}');
        for (let i = 0; i < 50; i++) {
          produced++;
          lines.push(JSON.stringify({ src: "c1", dest: "n1", body: { type: "echo", echo: "x".repeat(200), msg_id: produced + 1 } }));
        }
        // Asynchronously, as a pipe delivers: a synchronous push would make the stream read forever in one turn.
        setImmediate(() => this.push(lines.join("\n") + "\n"));
      },
    });
    const stalled: Array<() => void> = [];
    let flowing = false;
    const output = new Writable({
      write(_chunk, _enc, cb) {
        if (flowing) cb();
        else stalled.push(() => cb());
      },
    });
    const transport = new StdioTransport(input, output, { maxBufferedBytes: limit });
    const node = new Node({ transport, clock: new VirtualClock(), logWrite: () => {}, logLevel: "off" });
    node.on("echo", (m) => ({ type: "echo_ok", echo: m.body.echo }));
    void node.run();
    return {
      input,
      output,
      transport,
      produced: () => produced,
      unstall() {
        flowing = true;
        for (const cb of stalled.splice(0)) cb();
      },
    };
  }

  it("pauses reading while output is buffered beyond the limit, so memory stays bounded; resumes once it drains", async () => {
    const limit = 64 * 1024;
    const r = rig(limit);
    await turns(200);
    // What the stalled reader has not taken: in the stream's buffer (writableLength), and counted by
    // the transport (its queue plus what it handed to the stream). Reading stops one reply past the limit.
    expect(r.output.writableLength).toBeGreaterThan(limit / 2);
    expect(r.output.writableLength).toBeLessThanOrEqual(limit + 1024);
    expect(r.transport.bufferedBytes).toBeLessThanOrEqual(limit + 1024);
    expect(r.input.isPaused()).toBe(true);
    const producedWhileStalled = r.produced();
    await turns(50);
    expect(r.produced()).toBe(producedWhileStalled); // nothing more is read
    r.unstall();
    await turns(50);
    expect(r.produced()).toBeGreaterThan(producedWhileStalled);
    r.input.destroy();
  });
});
