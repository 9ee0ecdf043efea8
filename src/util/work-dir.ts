/**
 * Work folders: the pages Chromium prints or draws from, the browser's profile, epubcheck's report.
 * They live in Quire's own cache folder (see user-cache.ts), named for the process that made them,
 * not in the shared temporary folder. Each is removed when its work ends; a Quire that was killed
 * cannot do that, so the next one removes the folders of processes that are gone.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, quireCacheRoot } from './user-cache.ts';

/** The folder that holds every work folder of this user's Quire processes. */
function workRoot(): string | undefined {
  const root = join(quireCacheRoot(), 'work');
  return ensurePrivateDir(root) ? undefined : root;
}

/**
 * A new empty work folder, private to the user. Where the cache folder cannot be used (no home,
 * a read-only home), the system's temporary folder serves: mkdtemp makes it 0700 there too.
 */
export async function makeWorkDir(purpose: string): Promise<string> {
  const root = workRoot();
  return root ? mkdtemp(join(root, `${process.pid}-${purpose}-`)) : mkdtemp(join(tmpdir(), `quire-${purpose}-`));
}

export async function removeWorkDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
};

/** Remove the work folders of Quire processes that no longer run (killed before they could). */
export async function sweepWorkDirs(): Promise<void> {
  const root = workRoot();
  if (!root) return;
  for (const name of await readdir(root).catch(() => [])) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) await removeWorkDir(join(root, name)).catch(() => undefined);
  }
}

/**
 * Remove this process's work folders at once, for a Quire stopped by a signal, which exits
 * without waiting for its work to unwind.
 */
export function removeOwnWorkDirsSync(): void {
  const root = join(quireCacheRoot(), 'work');
  let names: string[] = [];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(`${process.pid}-`))) {
    try {
      rmSync(join(root, name), { recursive: true, force: true });
    } catch {
      // a browser still writing its profile as it exits: the next Quire sweeps what is left
    }
  }
}
