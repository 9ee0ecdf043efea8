/**
 * Watch mode: build, serve the site, and rebuild as the author saves.
 * - Two lanes (build-queue.ts), each never running two builds at once: the site, rebuilt for the
 *   files that changed; then the PDF and EPUB in the background, from the same warm browser. What
 *   arrives while a lane builds is gathered for its next build.
 * - Rebuilds reuse the session (see BuildSession): unchanged chapters are not parsed again, and
 *   only site files whose content changed are written, so open pages reload only when theirs did.
 * - Once the author pauses, outputs are asked to settle (the PDF prints whole after reprints).
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import chokidar from 'chokidar';
import { build, createSession, settleSession, type BuildSession } from '../build.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import { loadOutputSettings } from '../load/load-book.ts';
import type { Progress } from '../model.ts';
import { isUserError } from '../util/errors.ts';
import { BuildQueue } from './build-queue.ts';
import { changedFiles, fileTimes, refreshTimes, type FileTimes } from './file-times.ts';
import { startPreviewServer, type PreviewServer } from './preview-server.ts';

/** How long a burst of file events (an editor writes, renames, touches) is gathered into one build. */
const GATHER_SAVES_MS = 5;
/** When the book is looked at again after a site build, for changes no event announced. */
const SWEEPS_MS = [60, 250];
/** How long the PDF and EPUB wait after a site build (see backgroundBuild). */
const BACKGROUND_DELAY_MS = 150;

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

export type WatchEvent =
  | { type: 'build-start'; id: number; kind: 'site' | 'background'; changes: string[] }
  | {
      type: 'build-end';
      id: number;
      kind: 'site' | 'background';
      ms: number;
      ok: boolean;
      /** Background builds: whether the PDF was printed whole, had chapters reprinted into it, or was current. */
      pdf?: 'whole' | 'reprinted' | 'unchanged';
    }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'error'; message: string; error: unknown }
  | { type: 'warning'; message: string }
  | { type: 'listening'; url: string };

export interface Watcher {
  url: string;
  /** Resolves when no build is running or waiting (site and background). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Files whose change can change anything (settings, order, parts): a rebuild from scratch. */
const SETTINGS = /(^|\/)(book\.yaml|book\.toml|book\.json|SUMMARY\.md|_category_\.(json|ya?ml))$/;

export async function watch(options: WatchOptions = {}): Promise<Watcher> {
  const root = resolve(options.root ?? '.');
  const emit = (e: WatchEvent) => options.onEvent?.(e);
  const output = await loadOutputSettings(root);
  const outDir = resolve(root, options.outDir ?? output.dir);
  const backgroundFormats = (options.formats ?? output.formats).filter((f) => f !== 'html');
  const name = output.name;
  const built = { root, outDir, drafts: options.drafts, cache: options.cache, handouts: false };

  let session: BuildSession = createSession();
  let buildId = 0;
  let closed = false;
  const status: Record<string, 'building' | 'ready' | 'failed'> = {};
  for (const f of backgroundFormats) status[f] = existsSync(join(outDir, `${name}.${f}`)) ? 'ready' : 'building';

  const server: PreviewServer = await startPreviewServer({
    siteDir: join(outDir, 'html'),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 3000,
    downloads: Object.fromEntries(
      backgroundFormats.map((f) => [
        f,
        () => (existsSync(join(outDir, `${name}.${f}`)) ? join(outDir, `${name}.${f}`) : undefined),
      ]),
    ),
  });
  emit({ type: 'listening', url: server.url });

  const report = (error: unknown) => {
    const message = isUserError(error) ? error.format(root) : String((error as Error)?.stack ?? error);
    emit({ type: 'error', message, error });
    return message;
  };
  const ignored = (path: string) => {
    const rel = relative(root, path);
    if (rel === '') return false;
    const first = rel.split(sep)[0]!;
    return (
      first === 'node_modules' ||
      first.startsWith('.') ||
      resolve(path) === outDir ||
      resolve(path).startsWith(outDir + sep)
    );
  };

  /** File times no newer than the files the latest site build read. */
  let seen: FileTimes = new Map();
  let sweepsDue = 0;
  const site = new BuildQueue<string>((changes) => siteBuild(changes));
  const background = new BuildQueue<'outputs'>(() => backgroundBuild());
  const startBackground = () => {
    if (backgroundFormats.length === 0) return;
    background.add('outputs');
    background.start();
  };

  const siteBuild = async (changes: string[]) => {
    const id = ++buildId;
    const start = performance.now();
    emit({ type: 'build-start', id, kind: 'site', changes });
    // The times this build starts from: the last full look at the book (after the build before),
    // with the files that changed since looked at again. Any file that changes from now on has a
    // newer time than this, and the look after this build sees it.
    const everything = seen.size === 0 || changes.includes('*');
    seen = everything ? await fileTimes(root, ignored) : await refreshTimes(root, seen, changes);
    if (changes.some((c) => c === '*' || SETTINGS.test(c))) {
      // A new config can change anything: start afresh. A background build may still be printing
      // with the old session's browser; that browser is closed once the build is done with it.
      const old = session;
      session = createSession();
      void Promise.resolve(background.current()).then(() => old.browser?.close());
    }
    let ok = false;
    try {
      const { written } = await build({
        ...built,
        formats: ['html'],
        session,
        onWarning: (w) => emit({ type: 'warning', message: w.format(root) }),
        onProgress: (progress) => emit({ type: 'progress', id, progress }),
      });
      ok = true;
      // Decide from what the build wrote: stylesheets are swapped in place, pages reload when theirs changed.
      const changed = written.html?.changed ?? [];
      const pages = changed.filter((p) => p.endsWith('.html'));
      const search = changed.filter((p) => p.startsWith('assets/search/'));
      const others = changed.filter((p) => !p.endsWith('.html') && !p.endsWith('.css') && !search.includes(p));
      if (others.length > 0) server.reload(['*']);
      else if (pages.length > 0) server.reload(pages);
      if (others.length === 0 && search.length > 0) server.send('search', search);
      if (changed.some((p) => p.endsWith('.css'))) server.send('css', true);
      server.send('build', { ok: true });
      startBackground();
    } catch (error) {
      server.send('build', { ok: false, message: report(error) });
    } finally {
      // Whatever changed since this build read the files is built again, event or not (see
      // file-times.ts). The first look waits until the open pages have fetched their new content
      // (walking the book would slow the server down); a second catches saves that land later.
      const sweep = async () => {
        const now = await fileTimes(root, ignored);
        site.add(...changedFiles(seen, now));
        seen = now; // what differs is waiting: the build that takes it looks at it again
        site.start();
      };
      for (const delay of SWEEPS_MS) {
        sweepsDue++;
        setTimeout(() => void sweep().finally(() => sweepsDue--), delay).unref();
      }
      emit({ type: 'build-end', id, kind: 'site', ms: performance.now() - start, ok });
    }
  };

  const backgroundBuild = async () => {
    for (const f of backgroundFormats) status[f] = 'building';
    server.send('status', status);
    // Pages open in the preview fetch their new content right after a site build: let them have
    // the event loop before the PDF and EPUB take it.
    await new Promise((r) => setTimeout(r, BACKGROUND_DELAY_MS));
    const id = ++buildId;
    const start = performance.now();
    emit({ type: 'build-start', id, kind: 'background', changes: [] });
    let pdf: 'whole' | 'reprinted' | 'unchanged' | undefined;
    let ok = false;
    try {
      const onProgress = (progress: Progress) => emit({ type: 'progress', id, progress });
      const { written } = await build({ ...built, formats: backgroundFormats, session, onProgress });
      pdf = written.pdf?.how;
      ok = true;
    } catch (error) {
      if (!closed) report(error);
    } finally {
      for (const f of backgroundFormats) status[f] = ok ? 'ready' : 'failed';
      server.send('status', status);
      emit({ type: 'build-end', id, kind: 'background', ms: performance.now() - start, ok, pdf });
      // Chapters reprinted into the PDF: once the author pauses, it is printed whole again.
      if (pdf === 'reprinted') pause.arm();
      else if (pdf === 'whole') pause.disarm();
    }
  };

  /** The author's pause: no build for a while, then the session's outputs settle (see Output.settle). */
  const pause = {
    timer: undefined as NodeJS.Timeout | undefined,
    settling: undefined as Promise<void> | undefined,
    arm() {
      clearTimeout(pause.timer);
      if (closed) return;
      pause.timer = setTimeout(() => {
        pause.timer = undefined;
        // Still writing: wait for another pause.
        if (site.state !== 'idle') return pause.arm();
        pause.settling = settleSession(session)
          .then((again) => {
            if (again) startBackground();
          })
          .finally(() => (pause.settling = undefined));
      }, options.wholePrintAfterMs ?? 10_000);
    },
    disarm() {
      clearTimeout(pause.timer);
      pause.timer = undefined;
    },
  };

  const watcher = chokidar.watch(root, { ignoreInitial: true, ignored });
  watcher.on('all', (_event, path) => {
    site.add(relative(root, path).split(sep).join('/'));
    setTimeout(() => site.start(), GATHER_SAVES_MS);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  site.add('*');
  site.start();

  const moment = () => new Promise((r) => setTimeout(r, 20));
  return {
    url: server.url,
    async idle() {
      for (;;) {
        const running = site.current() ?? background.current() ?? pause.settling;
        if (running) await running;
        else if (pause.timer || site.state === 'waiting' || sweepsDue > 0) await moment();
        else return;
      }
    },
    async close() {
      closed = true;
      pause.disarm();
      await watcher.close();
      // Closing the browser ends any print in progress, so running builds finish at once.
      await session.browser?.close();
      await Promise.allSettled([site.close(), background.close(), pause.settling]);
      await session.browser?.close();
      await server.close();
    },
  };
}
