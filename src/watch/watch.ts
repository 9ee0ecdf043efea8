/**
 * Watch mode: build, serve the site, and rebuild as the author saves.
 * - One queue: never two site builds at once; changes that arrive during a build are handled
 *   together by the next one.
 * - Rebuilds reuse the session (see BuildSession): unchanged chapters are not parsed again, and
 *   only site files whose content changed are written, so open pages reload only when theirs did.
 * - The PDF and EPUB follow in the background, from the same warm browser; a newer change while
 *   they build makes them build once more when done.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import chokidar from 'chokidar';
import { build, createSession, type BuildSession } from '../build.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import { loadOutputSettings } from '../load/load-book.ts';
import { isUserError } from '../util/errors.ts';
import { changedFiles, fileTimes, refreshTimes, type FileTimes } from './file-times.ts';
import { startPreviewServer, type PreviewServer } from './preview-server.ts';

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

  let session: BuildSession = createSession();
  let buildId = 0;
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

  // The site queue.
  let pending = new Set<string>(['*']);
  let sweepsDue = 0;
  /** File times no newer than the files the latest site build read. */
  let seen: FileTimes = new Map();
  let running: Promise<void> | undefined;
  const schedule = () => {
    if (running || pending.size === 0 || closed) return;
    const changes = [...pending];
    pending = new Set();
    running = siteBuild(changes).finally(() => {
      running = undefined;
      schedule();
    });
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
      await session.browser?.close();
      session = createSession(); // a new config can change anything: start afresh
    }
    let ok = false;
    try {
      await build({
        root,
        outDir,
        formats: ['html'],
        drafts: options.drafts,
        handouts: false,
        session,
        onWarning: (w) => emit({ type: 'warning', message: w.format(root) }),
      });
      ok = true;
      // Decide from what the build wrote: stylesheets are swapped in place, pages reload when theirs changed.
      const changed = session.site.changed;
      const pages = changed.filter((p) => p.endsWith('.html'));
      const search = changed.filter((p) => p.startsWith('assets/search/'));
      const others = changed.filter((p) => !p.endsWith('.html') && !p.endsWith('.css') && !search.includes(p));
      if (others.length > 0) server.reload(['*']);
      else if (pages.length > 0) server.reload(pages);
      if (others.length === 0 && search.length > 0) server.send('search', search);
      if (changed.some((p) => p.endsWith('.css'))) server.send('css', true);
      server.send('build', { ok: true });
      scheduleBackground();
    } catch (error) {
      server.send('build', { ok: false, message: report(error) });
    } finally {
      // Whatever changed since this build read the files is built again, event or not (see
      // file-times.ts). The first look waits until the open pages have fetched their new content
      // (walking the book would slow the server down); a second catches saves that land later.
      const sweep = async () => {
        const now = await fileTimes(root, ignored);
        for (const path of changedFiles(seen, now)) pending.add(path);
        seen = now; // what differs is pending: the build that takes it looks at it again
        schedule();
      };
      for (const delay of SWEEPS_MS) {
        sweepsDue++;
        setTimeout(() => void sweep().finally(() => sweepsDue--), delay).unref();
      }
      emit({ type: 'build-end', id, kind: 'site', ms: performance.now() - start, ok });
    }
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
  // The PDF and EPUB, one background build at a time.
  let background: Promise<void> | undefined;
  let backgroundDirty = false;
  let wholePrint: NodeJS.Timeout | undefined;
  const wholePrintAfter = options.wholePrintAfterMs ?? 10_000;
  const scheduleWholePrint = () => {
    clearTimeout(wholePrint);
    wholePrint = undefined;
    if (!session.pdf.spliced || closed) return;
    wholePrint = setTimeout(() => {
      wholePrint = undefined;
      if (running || pending.size > 0 || !session.pdf.spliced) return scheduleWholePrint();
      session.pdf.wholeNext = true;
      scheduleBackground();
    }, wholePrintAfter);
  };
  const scheduleBackground = () => {
    if (backgroundFormats.length === 0 || closed) return;
    if (background) {
      backgroundDirty = true;
      return;
    }
    backgroundDirty = false;
    for (const f of backgroundFormats) status[f] = 'building';
    server.send('status', status);
    background = backgroundBuild().finally(() => {
      background = undefined;
      if (backgroundDirty) scheduleBackground();
    });
  };
  const backgroundBuild = async () => {
    // Pages open in the preview fetch their new content right after a site build: let them have
    // the event loop before the PDF and EPUB take it.
    await new Promise((r) => setTimeout(r, BACKGROUND_DELAY_MS));
    const id = ++buildId;
    const start = performance.now();
    emit({ type: 'build-start', id, kind: 'background', changes: [] });
    let ok = false;
    try {
      await build({ root, outDir, formats: backgroundFormats, drafts: options.drafts, handouts: false, session });
      ok = true;
    } catch (error) {
      if (!closed) report(error);
    } finally {
      for (const f of backgroundFormats) status[f] = ok ? 'ready' : 'failed';
      server.send('status', status);
      const pdf = ok && backgroundFormats.includes('pdf') ? session.pdf.lastPrint : undefined;
      emit({ type: 'build-end', id, kind: 'background', ms: performance.now() - start, ok, pdf });
      scheduleWholePrint();
    }
  };

  let closed = false;
  const watcher = chokidar.watch(root, { ignoreInitial: true, ignored });
  watcher.on('all', (_event, path) => {
    pending.add(relative(root, path).split(sep).join('/'));
    // Saves come in bursts (an editor writes, renames, touches): gather them for a moment.
    setTimeout(schedule, 5);
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  schedule();

  return {
    url: server.url,
    async idle() {
      for (;;) {
        if (running) await running;
        else if (background) await background;
        else if (wholePrint) await new Promise((r) => setTimeout(r, 20));
        else if (pending.size > 0 || sweepsDue > 0) await new Promise((r) => setTimeout(r, 20));
        else return;
      }
    },
    async close() {
      closed = true;
      clearTimeout(wholePrint);
      await watcher.close();
      // Closing the browser ends any print in progress, so running builds finish at once.
      await session.browser?.close();
      await Promise.allSettled([running, background]);
      await session.browser?.close();
      await server.close();
    },
  };
}
