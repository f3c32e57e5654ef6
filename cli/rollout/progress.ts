/**
 * Live progress: one line per stack with its state and elapsed time, redrawn in place on a terminal (log-update)
 * and printed as plain lines, one per change of state, when the output is a CI log.
 */
import logUpdate = require("log-update");
import type { RolloutEvent, StackSummary } from "./types";
import { printable } from "../../provider/client";

interface Row {
  wave: string;
  stack: string;
  state: string;
  since?: number;
  done?: StackSummary;
}

const MARK: Record<string, string> = {
  updated: "✔",
  unchanged: "✔",
  previewed: "✔",
  failed: "✖",
  "not-started": "·",
};

export interface Progress {
  onEvent(event: RolloutEvent): void;
  /** Stops redrawing; the last frame stays on screen. */
  stop(): void;
}

function elapsed(row: Row): string {
  if (row.done) return `${row.done.seconds.toFixed(1)}s`;
  return row.since ? `${((Date.now() - row.since) / 1000).toFixed(1)}s` : "";
}

/** Progress redrawn in place, for a terminal. */
export function liveProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  const render = logUpdate.create(stream);
  const rows = new Map<string, Row>();
  let footer = "";
  const draw = () => {
    const width = Math.max(...[...rows.values()].map((r) => r.stack.length), 5);
    const lines = [...rows.values()].map((r) => {
      const mark = r.done ? (MARK[r.done.result] ?? " ") : r.since ? "…" : " ";
      const error = r.done?.error ? `  ${r.done.error}` : "";
      return `${mark} ${r.wave.padEnd(10)} ${r.stack.padEnd(width)}  ${r.state.padEnd(16)} ${elapsed(r)}${error}`;
    });
    render([...lines, ...(footer ? [footer] : [])].map(printable).join("\n"));
  };
  const ticker = setInterval(draw, 500);
  ticker.unref();
  return {
    onEvent(event) {
      if (event.type === "rollout-start") {
        for (const w of event.waves)
          for (const s of w.stacks) rows.set(s, { wave: w.name, stack: s, state: "waiting" });
      } else if (event.type === "stack-phase") {
        const row = rows.get(event.stack);
        if (row) {
          row.state = event.phase;
          row.since ??= Date.now();
        }
      } else if (event.type === "stack-done") {
        const row = rows.get(event.stack.stack);
        if (row) {
          row.state = event.stack.result;
          row.done = event.stack;
        }
      } else if (event.type === "halted") footer = `halting: ${event.reason}; no further stack starts`;
      else if (event.type === "cancelled") footer = "cancelled: no further stack starts";
      else if (event.type === "rollout-done")
        for (const row of rows.values()) if (!row.done) row.state = "not-started";
      draw();
    },
    stop() {
      clearInterval(ticker);
      draw();
      render.done();
    },
  };
}

/** One plain line per change of state, for CI logs (never redrawn, never interleaved). */
export function plainProgress(writeLine: (line: string) => void): Progress {
  // Errors in these lines relay Pulumi's and Okta's words: no control character of theirs reaches the terminal.
  const write = (line: string) => writeLine(printable(line));
  const since = new Map<string, number>();
  return {
    onEvent(event) {
      switch (event.type) {
        case "rollout-start":
          write(
            `${event.mode === "preview" ? "previewing" : "rolling out"} ${event.waves.length} wave(s); logs in ${event.logDir}`,
          );
          break;
        case "wave-start":
          write(`wave ${event.wave}: started`);
          break;
        case "stack-phase": {
          if (!since.has(event.stack)) since.set(event.stack, Date.now());
          const t = ((Date.now() - (since.get(event.stack) ?? Date.now())) / 1000).toFixed(1);
          write(
            `wave ${event.wave}: ${event.stack}: ${event.phase}${event.detail ? ` (${event.detail})` : ""} [${t}s]`,
          );
          break;
        }
        case "stack-done": {
          const s = event.stack;
          write(
            `wave ${event.wave}: ${s.stack}: ${s.result} [${s.seconds.toFixed(1)}s]${s.error ? `: ${s.error}` : ""}`,
          );
          break;
        }
        case "wave-done":
          write(`wave ${event.wave}: done, ${event.failed} failed`);
          break;
        case "halted":
          write(`halted: ${event.reason}; no further stack starts`);
          break;
        case "cancelled":
          write("cancelled: no further stack starts; running updates were asked to stop");
          break;
        default:
          break;
      }
    },
    stop() {},
  };
}
