import { describe, expect, it } from "vitest";
import { Logger, logLevelFromEnv } from "../../../lib/runtime/logger.js";

describe("Logger", () => {
  it("writes lines at or above its level, prefixed with who is logging", () => {
    const lines: string[] = [];
    const log = new Logger((l) => lines.push(l), "warn", () => "n3");
    log.info("hidden");
    log.warn("shown");
    log.error("also shown");
    expect(lines).toEqual(["[n3] warn: shown\n", "[n3] error: also shown\n"]);
    expect([log.enabled("debug"), log.enabled("warn"), log.enabled("error")]).toEqual([false, true, true]);
  });

  it("is silent when off", () => {
    const lines: string[] = [];
    new Logger((l) => lines.push(l), "off", () => "n1").error("nothing");
    expect(lines).toEqual([]);
  });

  it.each([
    [{}, "info", undefined],
    [{ MAELSTROM_NODE_LOG: "DEBUG" }, "debug", undefined],
    [{ MAELSTROM_NODE_LOG: "chatty" }, "info", /"chatty" is not a log level/],
  ])("reads %j from the environment", (env, level, problem) => {
    const r = logLevelFromEnv(env);
    expect(r.level).toBe(level);
    if (problem) expect(r.problem).toMatch(problem);
    else expect(r.problem).toBeUndefined();
  });
});
