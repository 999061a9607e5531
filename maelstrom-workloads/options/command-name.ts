/**
 * The environment variable the installed `maelstrom-nodes` command sets, so
 * that help and hints name the command the user typed (`maelstrom-nodes sim`)
 * rather than this repository's npm scripts (`npm run sim --`).
 */
export const COMMAND_ENV = "MAELSTROM_NODES_COMMAND";

/** How the user runs one of our commands: `npm run sim --` in this repository, `maelstrom-nodes sim` from the installed package. */
export function commandName(script: "maelstrom" | "sim" | "replay", env: NodeJS.ProcessEnv = process.env): string {
  if (env[COMMAND_ENV]) return script === "maelstrom" ? "maelstrom-nodes" : `maelstrom-nodes ${script}`;
  return `npm run ${script} --`;
}

/**
 * A command line to paste, as words: `npm run sim --` here; from the installed
 * package `npx maelstrom-nodes sim` (npx, since its bin folder is seldom on PATH).
 */
export function commandWords(script: "maelstrom" | "sim" | "replay", env: NodeJS.ProcessEnv = process.env): string[] {
  if (env[COMMAND_ENV]) return script === "maelstrom" ? ["npx", "maelstrom-nodes"] : ["npx", "maelstrom-nodes", script];
  return ["npm", "run", script, "--"];
}
