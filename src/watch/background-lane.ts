/**
 * Watch mode's background lane: the PDF and EPUB, built after the site from the same warm browser,
 * one build at a time (build-queue.ts). Once the author pauses, the session's outputs are asked to
 * settle (the PDF, after chapters were reprinted into it, is printed whole once more).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, settleSession } from '../build.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import type { Progress } from '../model.ts';
import { BuildQueue } from './build-queue.ts';
import type { WatchContext } from './context.ts';

/** How long the PDF and EPUB wait after a site build (see backgroundBuild). */
const BACKGROUND_DELAY_MS = 150;

type Status = 'building' | 'ready' | 'failed';

export interface BackgroundLane {
  queue: BuildQueue<'outputs'>;
  /** Build the PDF and EPUB (again, when they are building now). */
  request(): void;
  /** Whether the pause timer is set: a build may follow when it fires. */
  awaitingPause(): boolean;
  /** The outputs settling after a pause, if they are. */
  settling(): Promise<void> | undefined;
  close(): Promise<void>;
}

/**
 * One closure on purpose: the lane's state (each output's status, the pause timer, its queue) is
 * its own and shared by the few methods it returns; split up, each part would take all of it.
 */
export function backgroundLane(
  ctx: WatchContext,
  formats: OutputFormat[],
  name: string,
  /** Whether the author is still writing (a site build running or waiting): the pause waits. */
  writing: () => boolean,
  pauseMs: number,
): BackgroundLane {
  const status: Record<string, Status> = {};
  for (const f of formats) status[f] = existsSync(join(ctx.outDir, `${name}.${f}`)) ? 'ready' : 'building';
  const setStatus = (s: Status) => {
    for (const f of formats) status[f] = s;
    ctx.server.send('status', status);
  };

  const backgroundBuild = async () => {
    setStatus('building');
    // Pages open in the preview fetch their new content right after a site build: let them have
    // the event loop before the PDF and EPUB take it.
    await new Promise((r) => setTimeout(r, BACKGROUND_DELAY_MS));
    const id = ctx.nextId();
    const start = performance.now();
    ctx.emit({ type: 'build-start', id, kind: 'background', changes: [] });
    let pdf: 'whole' | 'reprinted' | 'unchanged' | undefined;
    let ok = false;
    try {
      const onProgress = (progress: Progress) => ctx.emit({ type: 'progress', id, progress });
      const { written } = await build({ ...ctx.built, formats, session: ctx.session, onProgress });
      pdf = written.pdf?.how;
      ok = true;
    } catch (error) {
      if (!ctx.closed) ctx.report(error);
    } finally {
      setStatus(ok ? 'ready' : 'failed');
      ctx.emit({ type: 'build-end', id, kind: 'background', ms: performance.now() - start, ok, pdf });
      // Chapters reprinted into the PDF: once the author pauses, it is printed whole again.
      if (pdf === 'reprinted') pause.arm();
      else if (pdf === 'whole') pause.disarm();
    }
  };
  const queue = new BuildQueue<'outputs'>(backgroundBuild);
  const request = () => {
    if (formats.length === 0) return;
    queue.add('outputs');
    queue.start();
  };

  /** The author's pause: no build for a while, then the session's outputs settle (see Output.settle). */
  const pause = {
    timer: undefined as NodeJS.Timeout | undefined,
    settling: undefined as Promise<void> | undefined,
    arm() {
      clearTimeout(pause.timer);
      if (ctx.closed) return;
      pause.timer = setTimeout(() => {
        pause.timer = undefined;
        if (writing()) return pause.arm(); // still writing: wait for another pause
        pause.settling = settleSession(ctx.session)
          .then((again) => {
            if (again) request();
          })
          .finally(() => (pause.settling = undefined));
      }, pauseMs);
    },
    disarm() {
      clearTimeout(pause.timer);
      pause.timer = undefined;
    },
  };

  return {
    queue,
    request,
    awaitingPause: () => pause.timer !== undefined,
    settling: () => pause.settling,
    async close() {
      pause.disarm();
      await Promise.allSettled([queue.close(), pause.settling]);
    },
  };
}
