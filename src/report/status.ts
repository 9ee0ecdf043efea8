/**
 * The running stages on the command line, so a long print does not look like a hung one.
 * On a terminal: one line per running stage (a bar, the count, the time so far), redrawn in place
 * at most a few times a second and cleared when the stage ends. Anywhere else (CI logs, pipes): a
 * plain line now and then, without a control character, for stages that take a while.
 */
import type { Progress } from '../model.ts';
import type { Style } from './style.ts';

export interface StatusStream {
  write: (text: string) => unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface StatusDisplay {
  /** A stage advanced; `line` names its status line (default: the stage), which it then replaces. */
  update(progress: Progress, line?: string): void;
  /** The line's stage ended: the line goes. */
  end(line: string): void;
  /** Print lines that stay (a finished stage, a warning): the status lines are redrawn below them. */
  above(print: () => void): void;
  /** Clear the status lines and stop redrawing. */
  close(): void;
}

export interface StatusOptions {
  /** Redraw in place (a terminal), or print plain lines. */
  live: boolean;
  style: Style;
  now?: () => number;
}

/** Terminal redraws at most this often: more only flickers and costs the build time. */
const REDRAW_MS = 250;
/** Plain lines: a stage gets one once it has run this long, and at most one this often. */
const PLAIN_MS = 5_000;
/** Plain lines: a stage whose count has not moved is still shown this often, to say it is alive. */
const PLAIN_QUIET_MS = 30_000;
const BAR = 20;

interface Running {
  progress: Progress;
  started: number;
  /** When its last plain line was printed, and what it said. */
  printed: number;
  printedDone: number;
}

export function statusDisplay(stream: StatusStream, options: StatusOptions): StatusDisplay {
  const now = options.now ?? (() => performance.now());
  const running = new Map<string, Running>();
  let timer: NodeJS.Timeout | undefined;
  // Terminal: how many lines are on the screen below the cursor's line, and their text.
  let drawnLines = 0;
  let drawnText = '';
  let drawnAt = -Infinity;

  const erase = () => (drawnLines === 0 ? '' : '\r\x1b[2K' + '\x1b[1A\x1b[2K'.repeat(drawnLines - 1));

  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - drawnAt < REDRAW_MS) return;
    const width = Math.max(20, (stream.columns || 80) - 1);
    const lines = [...running].map(([line, r]) => liveLine(line, r, t, width, options.style));
    const text = lines.join('\n');
    if (text === drawnText) return;
    // One write: erasing and drawing apart would flicker.
    stream.write(erase() + text);
    drawnLines = lines.length;
    drawnText = text;
    drawnAt = t;
  };

  const plain = (line: string, r: Running, t: number) => {
    const due = r.progress.done === r.printedDone ? PLAIN_QUIET_MS : PLAIN_MS;
    if (t - r.printed < due) return;
    stream.write(`${plainLine(line, r, t)}\n`);
    r.printed = t;
    r.printedDone = r.progress.done;
  };

  const tick = () => {
    if (options.live) return draw(false);
    const t = now();
    for (const [line, r] of running) plain(line, r, t);
  };

  const stopIfIdle = () => {
    if (running.size > 0 || !timer) return;
    clearInterval(timer);
    timer = undefined;
  };

  return {
    update(progress, line = progress.stage) {
      const t = now();
      const r = running.get(line) ?? { progress, started: t, printed: t, printedDone: -1 };
      r.progress = progress;
      running.set(line, r);
      // The timer keeps the time counting while nothing reports; a synchronous stage (rendering)
      // gives the timer no turn, so updates draw too, at the same pace.
      timer ??= setInterval(tick, options.live ? REDRAW_MS : 1_000).unref();
      if (options.live) draw(false);
      else plain(line, r, t);
    },
    end(line) {
      if (!running.delete(line)) return;
      if (options.live) draw(true);
      stopIfIdle();
    },
    above(print) {
      if (!options.live || drawnLines === 0) return print();
      stream.write(erase());
      drawnLines = 0;
      drawnText = '';
      print();
      draw(true);
    },
    close() {
      running.clear();
      if (options.live) draw(true);
      stopIfIdle();
    },
  };
}

const seconds = (ms: number) => `${Math.floor(ms / 1000)} s`;

function count({ done, total, unit }: Progress): string {
  return total > 0 ? `${done}/${total} ${unit}` : '';
}

/** `pdf      ━━━━━━━━──────────── 2/4 prints  12 s`, cut to the terminal's width (a wrapped line would not be erased). */
function liveLine(line: string, r: Running, t: number, width: number, style: Style): string {
  const label = line === r.progress.stage || !r.progress.stage ? line : `${line} ${r.progress.stage}`;
  const rest = [count(r.progress), seconds(t - r.started)].filter(Boolean).join('  ');
  const head = label.padEnd(8);
  const room = width - head.length - rest.length - 2;
  if (r.progress.total > 0 && room >= 10) {
    const size = Math.min(BAR, room);
    const filled = Math.round((size * Math.min(r.progress.done, r.progress.total)) / r.progress.total);
    const bar = style.bar('━'.repeat(filled)) + style.dim('─'.repeat(size - filled));
    return `${style.bold(head)} ${bar} ${rest}`;
  }
  const text = `${head} ${rest}`;
  return text.length > width ? text.slice(0, width) : `${style.bold(head)} ${rest}`;
}

/** `pdf: 2 of 4 prints, 12 s` */
function plainLine(line: string, r: Running, t: number): string {
  const label = line === r.progress.stage || !r.progress.stage ? line : `${line} ${r.progress.stage}`;
  const { done, total, unit } = r.progress;
  const what = total > 0 ? `${done} of ${total} ${unit}, ` : '';
  return `${label}: ${what}${seconds(t - r.started)}`;
}
