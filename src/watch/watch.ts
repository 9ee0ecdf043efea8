/**
 * Watch mode: build, serve the site, and rebuild as the author saves.
 * - Two lanes, each never running two builds at once (build-queue.ts): the site, rebuilt for the
 *   files that changed (site-lane.ts); then the PDF and EPUB in the background, from the same warm
 *   browser (background-lane.ts). What arrives while a lane builds is gathered for its next build.
 * - Rebuilds reuse the session (see BuildSession): unchanged chapters are not parsed again, and
 *   only site files whose content changed are written, so open pages reload only when theirs did.
 * - Once the author pauses, outputs are asked to settle (the PDF prints whole after reprints).
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import chokidar from 'chokidar';
import { createSession } from '../build.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import { loadOutputSettings } from '../load/load-book.ts';
import { isUserError } from '../util/errors.ts';
import { backgroundLane } from './background-lane.ts';
import type { WatchContext, WatchEvent } from './context.ts';
import { startPreviewServer } from './preview-server.ts';
import { siteLane } from './site-lane.ts';

export type { WatchEvent };

/** How long a burst of file events (an editor writes, renames, touches) is gathered into one build. */
const GATHER_SAVES_MS = 5;

export interface WatchOptions {
  root?: string;
  outDir?: string;
  /** Outputs kept fresh besides the site (default: book.yaml's formats). */
  formats?: OutputFormat[];
  drafts?: boolean;
  /** Use Quire's cache of drawn diagrams, covers and fetched images (default true). */
  cache?: boolean;
  host?: string;
  port?: number;
  /**
   * After an edit the PDF gets only the changed chapters reprinted; once no build has run for this
   * long, the whole book is printed again so the file is exactly a full build's (tags included).
   */
  wholePrintAfterMs?: number;
  /** Everything that happens, for the CLI to print and tests to follow. */
  onEvent?: (event: WatchEvent) => void;
}

export interface Watcher {
  url: string;
  /** Resolves when no build is running or waiting (site and background). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function watch(options: WatchOptions = {}): Promise<Watcher> {
  const root = resolve(options.root ?? '.');
  const output = await loadOutputSettings(root);
  const outDir = resolve(root, options.outDir ?? output.dir);
  const backgroundFormats = (options.formats ?? output.formats).filter((f) => f !== 'html');
  const fileOf = (format: string) => resolve(outDir, `${output.name}.${format}`);
  const server = await startPreviewServer({
    siteDir: resolve(outDir, 'html'),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 3000,
    downloads: Object.fromEntries(backgroundFormats.map((f) => [f, () => existsFile(fileOf(f))])),
    // Watch mode writes no handouts, but the site links to those an earlier build left.
    handoutsDir: resolve(outDir, 'handouts'),
  });
  let buildId = 0;
  const ctx: WatchContext = {
    ...{ root, outDir, server, session: createSession(), closed: false, nextId: () => ++buildId },
    built: { root, outDir, drafts: options.drafts, cache: options.cache, handouts: false },
    emit: (e) => options.onEvent?.(e),
    report: (error) => {
      const message = isUserError(error) ? error.format(root) : String((error as Error)?.stack ?? error);
      ctx.emit({ type: 'error', message, error });
      return message;
    },
  };
  ctx.emit({ type: 'listening', url: server.url });

  const background = backgroundLane(
    ctx,
    backgroundFormats,
    output.name,
    () => site.queue.state !== 'idle',
    options.wholePrintAfterMs ?? 10_000,
  );
  // A background build may still be printing with a replaced session's browser: it is closed once
  // that build is done with it.
  const retire = (old: WatchContext['session']) =>
    void Promise.resolve(background.queue.current()).then(() => old.browser?.close());
  const site = siteLane(ctx, background.request, retire);

  const watcher = chokidar.watch(root, { ignoreInitial: true, ignored: site.ignored });
  watcher.on('all', (_event, path) => {
    site.queue.add(relative(root, path).split(sep).join('/'));
    setTimeout(() => site.queue.start(), GATHER_SAVES_MS);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  site.queue.add('*');
  site.queue.start();

  const moment = () => new Promise((r) => setTimeout(r, 20));
  return {
    url: server.url,
    async idle() {
      for (;;) {
        const running = site.queue.current() ?? background.queue.current() ?? background.settling();
        if (running) await running;
        else if (site.queue.state === 'waiting' || site.sweeping() || background.awaitingPause()) await moment();
        else return;
      }
    },
    async close() {
      ctx.closed = true;
      await watcher.close();
      // Closing the browser ends any print in progress, so running builds finish at once.
      await ctx.session.browser?.close();
      await Promise.allSettled([site.queue.close(), background.close()]);
      await ctx.session.browser?.close();
      await server.close();
    },
  };
}

const existsFile = (file: string) => (existsSync(file) ? file : undefined);
