import { describe, expect, it } from "vitest";
import { COMMAND_ENV, commandName } from "../../../maelstrom-workloads/options/command-name.js";

describe("commandName", () => {
  it.each([
    ["maelstrom", {}, "npm run maelstrom --"],
    ["sim", {}, "npm run sim --"],
    ["replay", {}, "npm run replay --"],
    ["maelstrom", { [COMMAND_ENV]: "maelstrom-nodes" }, "maelstrom-nodes"],
    ["sim", { [COMMAND_ENV]: "maelstrom-nodes" }, "maelstrom-nodes sim"],
    ["replay", { [COMMAND_ENV]: "maelstrom-nodes" }, "maelstrom-nodes replay"],
  ] as const)("names %s as the user runs it (%o)", (script, env, expected) => {
    expect(commandName(script, env)).toBe(expected);
  });
});
