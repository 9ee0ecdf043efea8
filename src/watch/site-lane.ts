/**
 * Watch mode's site lane: the HTML site rebuilt for the files that changed, one build at a time
 * (build-queue.ts). After each build the book is looked at again, twice, for changes no file event
 * announced (see file-times.ts); open pages reload only when what they show changed.
 */
import { relative, resolve, sep } from 'node:path';
import { build, createSession } from '../build.ts';
import { BuildQueue } from './build-queue.ts';
import type { WatchContext } from './context.ts';
import { changedFiles, fileTimes, refreshTimes, type FileTimes } from './file-times.ts';

/** When the book is looked at again after a site build, for changes no event announced. */
const SWEEPS_MS = [60, 250];

/** Files whose change can change anything (settings, order, parts): a rebuild from scratch. */
const SETTINGS = /(^|\/)(book\.yaml|book\.toml|book\.json|book\.js|SUMMARY\.md|_category_\.(json|ya?ml))$/;

export interface SiteLane {
  queue: BuildQueue<string>;
  /** Whether a look at the book after a build is still to come. */
  sweeping(): boolean;
  /** Files watch mode does not look at: hidden ones, node_modules, the output folder. */
  ignored(path: string): boolean;
}

/**
 * `onBuilt` runs after each site build that succeeded (the background lane follows it);
 * `retire` is given the session a settings change replaced, to close once nothing uses it.
 */
export function siteLane(
  ctx: WatchContext,
  onBuilt: () => void,
  retire: (old: WatchContext['session']) => void,
): SiteLane {
  /** File times no newer than the files the latest site build read. */
  let seen: FileTimes = new Map();
  let sweepsDue = 0;
  const ignored = (path: string) => {
    const rel = relative(ctx.root, path);
    if (rel === '') return false;
    const first = rel.split(sep)[0]!;
    const full = resolve(path);
    return (
      first === 'node_modules' || first.startsWith('.') || full === ctx.outDir || full.startsWith(ctx.outDir + sep)
    );
  };

  const siteBuild = async (changes: string[]) => {
    const id = ctx.nextId();
    const start = performance.now();
    ctx.emit({ type: 'build-start', id, kind: 'site', changes });
    // The times this build starts from: the last full look at the book (after the build before),
    // with the files that changed since looked at again. Any file that changes from now on has a
    // newer time than this, and the look after this build sees it.
    const everything = seen.size === 0 || changes.includes('*');
    seen = everything ? await fileTimes(ctx.root, ignored) : await refreshTimes(ctx.root, seen, changes);
    if (changes.some((c) => c === '*' || SETTINGS.test(c))) {
      // A new config can change anything: start afresh.
      retire(ctx.session);
      ctx.session = createSession();
    }
    let ok = false;
    try {
      const { written } = await build({
        ...ctx.built,
        formats: ['html'],
        session: ctx.session,
        onWarning: (w) => ctx.emit({ type: 'warning', message: w.format(ctx.root) }),
        onProgress: (progress) => ctx.emit({ type: 'progress', id, progress }),
      });
      ok = true;
      reloadPages(ctx, written.html?.changed ?? []);
      onBuilt();
    } catch (error) {
      ctx.server.send('build', { ok: false, message: ctx.report(error) });
    } finally {
      // The first look waits until the open pages have fetched their new content (walking the
      // book would slow the server down); a second catches saves that land later.
      const sweep = async () => {
        const now = await fileTimes(ctx.root, ignored);
        queue.add(...changedFiles(seen, now));
        seen = now; // what differs is waiting: the build that takes it looks at it again
        queue.start();
      };
      for (const delay of SWEEPS_MS) {
        sweepsDue++;
        setTimeout(() => void sweep().finally(() => sweepsDue--), delay).unref();
      }
      ctx.emit({ type: 'build-end', id, kind: 'site', ms: performance.now() - start, ok });
    }
  };
  const queue = new BuildQueue<string>(siteBuild);
  return { queue, sweeping: () => sweepsDue > 0, ignored };
}

/**
 * Decide from what the build wrote: stylesheets are swapped in place, pages reload when theirs
 * changed, and the search loads its index again (and a changed chapter's text when next needed).
 */
function reloadPages({ server }: WatchContext, changed: string[]): void {
  const pages = changed.filter((p) => p.endsWith('.html'));
  const search = changed.filter((p) => p.startsWith('assets/search/'));
  const others = changed.filter((p) => !p.endsWith('.html') && !p.endsWith('.css') && !search.includes(p));
  if (others.length > 0) server.reload(['*']);
  else if (pages.length > 0) server.reload(pages);
  if (others.length === 0 && search.length > 0) server.send('search', search);
  if (changed.some((p) => p.endsWith('.css'))) server.send('css', true);
  server.send('build', { ok: true });
}
