import { accessSync, constants, mkdirSync, statSync } from "node:fs";

/**
 * Makes sure runs can be written under `dir` (creating it if needed), before a
 * run starts. Returns what is wrong, for a person, or undefined if all is well.
 */
export function checkStoreDir(dir: string): string | undefined {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    try {
      mkdirSync(dir, { recursive: true });
      return undefined;
    } catch (e) {
      return `--store ${dir}: cannot create this folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a folder the runs can be written under`;
    }
  }
  if (!isDir) return `--store ${dir}: this is a file, not a folder; give a folder the runs can be written under`;
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return `--store ${dir}: this folder is not writable; give a folder the runs can be written under`;
  }
  return undefined;
}
