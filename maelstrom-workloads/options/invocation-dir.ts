import { readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The folder the user ran the command from: every relative path they give
 * (--bin, --store, --schedule, --nodes-file, replay's --input and --run,
 * serve's --store) is taken from here, and the default store, `store`, is
 * made here.
 *
 * `npm run maelstrom` (and `npm --prefix <repo> run ...`) starts our script
 * in this package's folder and puts where the user stood in INIT_CWD; so when
 * we run in our own package's folder and INIT_CWD is set, INIT_CWD is where
 * the user stood. Anywhere else (`npx maelstrom-nodes` from a project, a
 * project's own npm script, a process started directly) the working folder
 * is: npm runs a project's scripts from its root, where their relative paths
 * were written, whatever folder INIT_CWD names.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), packageDir: string | undefined = ownPackageDir()): string {
  const init = env.INIT_CWD;
  if (init === undefined || init === "" || packageDir === undefined) return cwd;
  return sameDir(cwd, packageDir) ? resolve(init) : cwd;
}

/** `path` as the user meant it: relative to the folder they ran the command from (invocationDir), or as is when absolute. */
export function fromInvocationDir(path: string, base: string = invocationDir()): string {
  return resolve(base, path);
}

let packageDir: string | null | undefined;

/**
 * This package's root, from the sources or from a build: the folder of the
 * nearest package.json above this file that has a name (a build folder's
 * package.json that only sets "type" is passed over).
 */
function ownPackageDir(): string | undefined {
  if (packageDir === undefined) {
    packageDir = null;
    for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
      if (hasName(join(dir, "package.json"))) {
        packageDir = dir;
        break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return packageDir ?? undefined;
}

function hasName(packageJson: string): boolean {
  try {
    return typeof (JSON.parse(readFileSync(packageJson, "utf8")) as { name?: unknown }).name === "string";
  } catch {
    return false;
  }
}

function sameDir(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
