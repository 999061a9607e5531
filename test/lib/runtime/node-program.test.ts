import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isMainModule, isNodeProgramExit, loadNodeProgram, NodeProgramExit } from "../../../lib/runtime/node-program.js";

const root = resolve(import.meta.dirname, "../../..");
const fixture = (p: string) => join(root, "test/fixtures", p);

describe("loadNodeProgram: what is not a node program written with lib/", () => {
  it("a Python node: says so, and that it can only run as a process", async () => {
    await expect(loadNodeProgram(fixture("echo/echo.py"))).rejects.toThrow(
      "test/fixtures/echo/echo.py is not a node program written with lib/ (not a JavaScript or TypeScript module: .py); it can only run as a process: with the test command, not the simulator",
    );
  });

  it("a .mjs script without a default export: says so, without running it (it would read this process's stdin)", async () => {
    await expect(loadNodeProgram(fixture("echo/silent.mjs"))).rejects.toThrow(
      "test/fixtures/echo/silent.mjs is not a node program written with lib/ (no default export install(node, args)); it can only run as a process: with the test command, not the simulator",
    );
    expect(process.stdin.listenerCount("data")).toBe(0);
  });

  it("a default export that is not a function, a module that throws while loading, a missing file", async () => {
    await expect(loadNodeProgram(fixture("programs/default-not-a-function.mjs"))).rejects.toThrow(
      /default-not-a-function\.mjs is not a node program written with lib\/ \(its default export is an object, not install\(node, args\)\)/,
    );
    await expect(loadNodeProgram(fixture("programs/throws-on-import.mjs"))).rejects.toThrow(/throws-on-import\.mjs could not be loaded: boom while loading/);
    await expect(loadNodeProgram(fixture("programs/nothing-here.ts"))).rejects.toThrow(/programs\/nothing-here\.ts: no such file/);
    await expect(loadNodeProgram(fixture("programs"))).rejects.toThrow(/programs is not a file/);
  });
});

describe("isMainModule", () => {
  const dir = mkdtempSync(join(tmpdir(), "node-program-"));
  const file = join(dir, "prog.js");
  writeFileSync(file, "");
  symlinkSync(file, join(dir, "link.js"));
  const url = pathToFileURL(file).href;

  it("is true for the file node was started with: by its path, through a link, or without its extension", () => {
    expect(isMainModule(url, file)).toBe(true);
    expect(isMainModule(url, join(dir, "link.js"))).toBe(true);
    expect(isMainModule(url, join(dir, "prog"))).toBe(true);
  });

  it("is false when the file was imported by another main, or there is no main", () => {
    expect(isMainModule(url, join(root, "scripts/maelstrom.ts"))).toBe(false);
    expect(isMainModule(url, join(dir, "missing.js"))).toBe(false);
    expect(isMainModule(url, undefined)).toBe(false);
  });
});

describe("NodeProgramExit", () => {
  it("is recognised also when thrown by another copy of lib/ (by name and shape)", () => {
    const foreign = Object.assign(new Error("usage"), { name: "NodeProgramExit", code: 2, text: "usage" });
    expect(isNodeProgramExit(new NodeProgramExit(2, "x"))).toBe(true);
    expect(isNodeProgramExit(foreign)).toBe(true);
    expect(isNodeProgramExit(new Error("x"))).toBe(false);
  });
});
