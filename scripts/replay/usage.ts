import { commandName } from "../../maelstrom-workloads/options/command-name.js";
import { tmpdir } from "node:os";

/**
 * A mistake in how replay was called (bad option, missing file, ...). The CLI
 * prints its message and the usage hint on stderr and exits 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The two forms of the command, pointing at the full help; printed under every usage error. */
export const USAGE_HINT = `usage: ${commandName("replay")} --bin FILE [--input FILE] [--init n1,n2] [--expect FILE] [options] [-- ARGS]\n   or: ${commandName("replay")} --run DIR --node ID (--bin FILE | --trust-run) [--pace F] [options]  (--help for all options)`;

/** The full `--help` text. */
export function usageText(): string {
  return `Usage: ${commandName("replay")} --bin FILE [options] [-- ARGS...]
   or: ${commandName("replay")} --run DIR --node ID (--bin FILE | --trust-run) [--pace F] [options]

Feeds JSON lines to a Maelstrom node binary (written in any language) on its
stdin, and shows, line by line, what it answers on stdout and logs on stderr.
The lines come from a file, from stdin, or from a stored run of
${commandName("maelstrom")} test: what one of its nodes received. (Real Maelstrom
has no replay; this tool is ours.)

Options:
  --bin FILE            the node's executable, or a .ts file (required, except with --run).
                        Arguments for it go after --, as in:
                        --bin ./node -- --verbose
  --input FILE          the JSON lines to send (default: stdin; "-" also means
                        stdin). Blank lines and lines starting with # or // are
                        comments and are not sent. A line that is not JSON is
                        sent exactly as written, to test how the node copes.
                        A JSON object with "type" but no "body" is a bare body,
                        sent as {"src":"c1","dest":NODE,"body":...} where NODE
                        is the --init node, else the node_id of an init line
                        sent earlier, else n1.
  --run DIR             replay what one node received in a stored run: DIR is
                        a run directory (store/<workload>/<timestamp>) or
                        store/latest (a store directory means its latest run).
                        Sends every message the run's journal.jsonl records as
                        delivered to --node, in journal order, exactly as
                        delivered (with Maelstrom's top-level "id"), to the
                        node --bin names. Not with --input or --init: the
                        node's init is in the journal. Each message is sent at
                        its recorded time (see --pace), so timers see about
                        the gaps they saw in the run.
                        Replies to the node's own requests (RPCs to seq-kv,
                        lin-kv or other nodes) answer the recorded node's
                        msg_ids, not the replayed node's: replay pairs them
                        by position (the reply to the k-th read the recorded
                        node sent to seq-kv goes, with its in_reply_to
                        rewritten, to the k-th read the replayed node sends
                        there), holding a reply until that request is sent.
                        While replies are held at the end of the input,
                        replay keeps the node's stdin open until it has
                        written something and then been quiet for
                        --quiet-ms (within --timeout-ms). The summary counts
                        the replies remapped and those never matched (not
                        sent): those the node never sent the request for,
                        and those whose request came only after replay had
                        stopped. Unmatched replies from a service (seq-kv,
                        lin-kv, ...) make replay exit 1: RPCs to services
                        follow from the node's input, so a node that sends
                        fewer of them behaved otherwise than in the run.
                        Unmatched replies from other nodes are only
                        reported: requests between nodes are mostly gossip
                        on timers, whose number depends on timing.
                        Replay does not compare the requests the node sends
                        with the run message for message, and output that
                        depends on randomness or on other nodes can differ.
                        A node that was restarted in the run gets each new
                        init in the same process, keeping its state (the
                        summary says so).
  --node ID             with --run: which node's input to replay (n1, n2, ...).
                        May be left out when the run had a single node.
  --pace F              with --run: send each message F times its recorded
                        time after the first (in the journal), without step
                        mode's waits: 1 (the default) as recorded, 0.1 ten
                        times faster, 2 half as fast. Only the input is
                        sped up or slowed down: the node's own timers
                        (gossip, RPC timeouts) run at their usual speed.
                        Stdin is closed --quiet-ms after the (scaled) end
                        of the run's journal. 0: not paced, step mode as for
                        --input (or --burst, which implies --pace 0).
  --trust-run           with --run and no --bin: run the binary and arguments
                        the run's test.json names (bin and bin-args; arguments
                        after -- replace its bin-args). A stored run may come
                        from someone else, so without --bin or this flag replay
                        only shows that command and exits 2.
  --init NODE[,NODE...] first send an init (from c0, msg_id 1) to the first
                        NODE, with node_ids = all of them.
  --expect FILE         compare what the node wrote on stdout with FILE's lines
                        (comments and blank lines skipped) as JSON, ignoring key
                        order; show the first difference. Exit 1 if different.
  --quiet-ms N          step mode (the default, except for --run, which is
                        paced): after sending each line, wait until the node
                        has written nothing for N ms before sending the next,
                        so each output shows up right after the input that
                        caused it. Paced, the wait after the run's end.
                        Default 200.
  --reply-ms N          step mode: after a request (a line with a msg_id and no
                        in_reply_to), first wait up to N ms for its reply (helps
                        nodes that are slow to start). 0 turns this off.
                        Default 1000. With --run, not for a request the
                        recorded node answered only after more input (a
                        client's add that needs seq-kv's replies first):
                        that input is sent without waiting.
  --burst               send all lines at once instead; then wait --quiet-ms.
  --grace-ms N          once the input is done and the node is quiet, close its
                        stdin and wait N ms for it to exit; if it does not,
                        kill it (SIGKILL) and report it. Default 2000.
  --timeout-ms N        give up, and kill the node, after N ms in all; a node
                        that never stops writing ends this way. Paced, N ms
                        beyond the (scaled) length of the run. Default 60000.
  --cwd DIR             the node's working directory. Default: the system temp
                        directory (os.tmpdir(), here ${tmpdir()}), as under
                        Maelstrom.
  --no-color            no colours (NO_COLOR=1 also works). Colours are only
                        used when the output is a terminal.
  -h, --help            show this help.

Relative paths are taken from the directory you ran the command in. A FILE
ending in .ts is bundled with esbuild and started with node (it need not be
executable).

Exit status: 0 all went well; 1 the node misbehaved (exited early or with a
non-zero code, ignored EOF, wrote something that is not a message on stdout,
left recorded replies from a service unmatched with --run, or replay timed
out) or its output differs from --expect; 2 bad usage (and
--run without --bin or --trust-run).

Examples:
  ${commandName("replay")} --bin nodes/echo.ts --input test/fixtures/echo-session.jsonl \\
      --expect test/fixtures/echo-session.expected.jsonl
  printf '%s\\n' '{"type":"echo","echo":"hi","msg_id":1}' | ${commandName("replay")} --bin nodes/echo.ts --init n1
  ${commandName("replay")} --run store/latest --node n2 --bin nodes/echo.ts
  ${commandName("replay")} --run store/latest --node n2 --trust-run
  ${commandName("replay")} --run store/latest --node n2 --trust-run --pace 0.1
`;
}

/** How a usage error is shown: the problem on one line, then the usage hint. */
export function formatUsageError(err: UsageError): string {
  return `replay: ${err.message}\n${USAGE_HINT}\n`;
}
