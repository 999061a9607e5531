const PLAIN = /^[A-Za-z0-9_\/.,:=+@%^-]+$/;
// C0 controls, DEL and C1 controls: never printed raw (a terminal would act on them).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * One word as a POSIX shell would read it back, safe to print on a terminal:
 * plain words as they are; others in single quotes; words with control
 * characters in bash's $'...' form with those characters as \xHH (or \uHHHH) escapes, so
 * a hostile name cannot move the cursor or hide text.
 */
export function shellQuote(word: string): string {
  if (PLAIN.test(word)) return word;
  if (!CONTROL.test(word)) return `'${word.replace(/'/g, "'\\''")}'`;
  let out = "";
  for (const ch of word) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "'") out += `\\${ch}`;
    else if (CONTROL.test(ch)) out += c < 0x80 ? `\\x${c.toString(16).padStart(2, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `$'${out}'`;
}

/** A command line (program and arguments) for showing. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
