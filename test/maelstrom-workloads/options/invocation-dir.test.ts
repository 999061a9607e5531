import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromInvocationDir, invocationDir } from "../../../maelstrom-workloads/options/invocation-dir.js";

const root = resolve(import.meta.dirname, "../../..");
const scratch = mkdtempSync(join(tmpdir(), "invocation-dir-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("invocationDir: the folder the user ran the command from", () => {
  it.each([
    ["npm run (and npm --prefix) started us in our package's folder: where the user stood", { INIT_CWD: "/home/u/proj" }, "/pkg", "/home/u/proj"],
    ["no npm: the working folder", {}, "/pkg", "/pkg"],
    ["an empty INIT_CWD counts as none", { INIT_CWD: "" }, "/pkg", "/pkg"],
    ["started elsewhere (npx from a project, a project's own npm script, a child process of npm test): the working folder", { INIT_CWD: "/home/u/proj/sub" }, "/home/u/proj", "/home/u/proj"],
  ])("%s", (_why, env, cwd, expected) => {
    expect(invocationDir(env, cwd, "/pkg")).toBe(expected);
  });

  it("finds this package's folder by itself (from the sources), and compares real paths", () => {
    expect(invocationDir({ INIT_CWD: "/somewhere" }, root)).toBe("/somewhere");
    expect(invocationDir({ INIT_CWD: "/somewhere" }, join(root, "nodes"))).toBe(join(root, "nodes"));
    const link = join(scratch, "link-to-project");
    symlinkSync(root, link);
    expect(invocationDir({ INIT_CWD: "/somewhere" }, link)).toBe("/somewhere");
  });

  it("reads process.env and process.cwd() by default", () => {
    const saved = process.env.INIT_CWD;
    try {
      process.env.INIT_CWD = scratch;
      expect(process.cwd()).toBe(root); // vitest runs in the project folder
      expect(invocationDir()).toBe(scratch);
      expect(fromInvocationDir("store")).toBe(join(scratch, "store"));
      expect(fromInvocationDir("/abs/store")).toBe("/abs/store");
      delete process.env.INIT_CWD;
      expect(invocationDir()).toBe(root);
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });
});
