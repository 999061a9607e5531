import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // Vitest's default on a 2-core machine is one worker: the whole-cluster process tests then
    // wait out their real-time phases one after another. Two overlap those waits (CI time).
    maxWorkers: 2,
  },
});
