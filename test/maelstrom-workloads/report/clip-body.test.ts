import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipBody } from "../../../maelstrom-workloads/report/clip-body.js";

describe("clipBody", () => {
  it("leaves a body that fits as it is", () => {
    const body = { type: "gossip", messages: [1, 2, 3] };
    expect(clipBody(body, 100)).toEqual({ body, clipped: false });
  });

  it("keeps the first elements of a long list and says how many more there were, within about the limit", () => {
    const messages = Array.from({ length: 5000 }, (_, i) => i * 7);
    const { body, clipped } = clipBody({ type: "read_ok", messages, in_reply_to: 3 }, 300);
    expect(clipped).toBe(true);
    const b = body as { type: string; messages: unknown[]; in_reply_to?: number };
    expect(b.type).toBe("read_ok");
    const kept = b.messages.slice(0, -1);
    expect(kept).toEqual(messages.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(30);
    expect(b.messages[b.messages.length - 1]).toBe(`… ${5000 - kept.length} more`);
    expect(JSON.stringify(body).length).toBeLessThanOrEqual(300);
  });

  it("cuts long strings and nested values, and marks keys left out", () => {
    const { body } = clipBody({ type: "echo", echo: "x".repeat(10_000), z: { deep: [[1, 2, 3], "y".repeat(500)] } }, 120);
    const b = body as Record<string, unknown>;
    expect(b.type).toBe("echo");
    expect(String(b.echo).endsWith("…")).toBe(true);
    expect(b["…"]).toBe("more keys");
    expect(JSON.stringify(body).length).toBeLessThanOrEqual(120);
  });
});

describe("clipBody, any JSON body", () => {
  it("stays within the limit and keeps the body whole when it fits", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 40, max: 400 }), (v, max) => {
        const whole = JSON.stringify(v);
        const { body, clipped } = clipBody(v, max);
        if (whole.length <= max) return !clipped && body === v;
        return clipped && JSON.stringify(body).length <= max;
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});
