// scripts/maelstrom.ts writes a run's lines to the terminal through terminal():
// once the terminal is gone (EPIPE from `| head`, EIO after SIGHUP closed the
// tty, ERR_STREAM_DESTROYED after either) it stops writing there and the run
// goes on; only other errors are a harness crash.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { guardTerminal, terminal } from "../../scripts/maelstrom/terminal.js";

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code });

/** A stream whose writes fail with `code` from the `failFrom`-th write on (0-based); records what it was given. */
function failingStream(code: string, failFrom = 0) {
  const attempts: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      attempts.push(chunk.toString());
      cb(attempts.length > failFrom ? errno(code) : null);
    },
  });
  return { stream, attempts };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("terminal(): a run's lines on stdout", () => {
  it.each(["EIO", "EPIPE"])("%s: the terminal is gone; no crash, nothing more is written, later lines are dropped quietly", async (code) => {
    const { stream, attempts } = failingStream(code, 1);
    const crashes: unknown[] = [];
    const say = terminal(stream, (e) => crashes.push(e));
    say("first");
    say("second"); // this write fails
    await tick();
    expect(() => {
      for (let i = 0; i < 5; i++) say(`after ${i}`);
    }).not.toThrow();
    await tick();
    expect(crashes).toEqual([]);
    expect(attempts).toEqual(["first\n", "second\n"]);
  });

  it("ERR_STREAM_DESTROYED is the terminal gone too", async () => {
    const { stream } = failingStream("ERR_STREAM_DESTROYED");
    const crashes: unknown[] = [];
    const say = terminal(stream, (e) => crashes.push(e));
    say("x");
    await tick();
    say("y");
    await tick();
    expect(crashes).toEqual([]);
  });

  it("a write to a stream already destroyed (after EIO) crashes nothing", async () => {
    const { stream } = failingStream("EIO");
    const crashes: unknown[] = [];
    const say = terminal(stream, (e) => crashes.push(e));
    say("x");
    await tick();
    expect(stream.destroyed).toBe(true);
    stream.write("direct\n"); // as the progress line does to stderr
    await tick();
    expect(crashes).toEqual([]);
  });

  it("any other error is still a harness crash", async () => {
    const { stream } = failingStream("ENOSPC");
    const crashes: unknown[] = [];
    terminal(stream, (e) => crashes.push(e))("x");
    await tick();
    expect(crashes).toHaveLength(1);
    expect((crashes[0] as NodeJS.ErrnoException).code).toBe("ENOSPC");
  });

  it("a write that throws EIO at once is handled the same way", () => {
    const crashes: unknown[] = [];
    let calls = 0;
    const stream = Object.assign(new Writable(), {
      write: () => {
        calls++;
        throw errno("EIO");
      },
    });
    const say = terminal(stream, (e) => crashes.push(e));
    say("a");
    say("b");
    expect(crashes).toEqual([]);
    expect(calls).toBe(1);
  });

  it("guardTerminal (for stderr's progress line): EIO is no crash, and no uncaught error", async () => {
    const { stream } = failingStream("EIO");
    const crashes: unknown[] = [];
    const isOpen = guardTerminal(stream, (e) => crashes.push(e));
    stream.write("\r\x1b[2K[main 1.0/10 s] ops 3");
    await tick();
    expect(isOpen()).toBe(false);
    expect(crashes).toEqual([]);
  });
});
