import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

/** A directory's entries; none if it cannot be read. */
export async function dirents(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** A file's text; null if it cannot be read. */
export async function readMaybe(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}
