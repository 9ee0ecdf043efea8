/**
 * Modification times of the files under a book's root. File-system events can be coalesced or
 * dropped (an editor's save is often a truncate and a write, twice in a row), so watch mode also
 * compares the times seen when a build started with the times after it: whatever differs is built
 * again, event or not.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Path relative to the root (forward slashes) → modification time in ms. */
export type FileTimes = Map<string, number>;

export async function fileTimes(root: string, ignored: (path: string) => boolean): Promise<FileTimes> {
  const times: FileTimes = new Map();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (e) => {
        const path = join(dir, e.name);
        if (ignored(path)) return;
        if (e.isDirectory()) return walk(path);
        if (!e.isFile()) return;
        const info = await stat(path).catch(() => undefined);
        if (info) times.set(relative(root, path).split(sep).join('/'), info.mtimeMs);
      }),
    );
  };
  await walk(root);
  return times;
}

/** Files added, removed or modified between two readings. */
export function changedFiles(before: FileTimes, after: FileTimes): string[] {
  const changed = [...after].filter(([path, time]) => before.get(path) !== time).map(([path]) => path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  return changed;
}

/**
 * `times` brought up to date for just these files (relative paths): a build started for a few
 * changed files need not walk the whole book before it starts, as long as every other file's time
 * is no newer than when it was last read.
 */
export async function refreshTimes(root: string, times: FileTimes, paths: string[]): Promise<FileTimes> {
  const next = new Map(times);
  await Promise.all(
    paths.map(async (path) => {
      const info = await stat(join(root, path)).catch(() => undefined);
      if (info?.isFile()) next.set(path, info.mtimeMs);
      else next.delete(path);
    }),
  );
  return next;
}
