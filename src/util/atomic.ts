/** Outputs appear whole or not at all: write beside the target, then rename over it. */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function sibling(target: string, tag: string): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** `data` may be given in pieces (a long page's), written one after another without being joined. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | Iterable<string | Uint8Array>,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = sibling(target, 'tmp');
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Fill a fresh folder with `fill`, then swap it in for `target`. A folder cannot be renamed over
 * a non-empty one, so the old one is moved aside first and removed after.
 */
export async function replaceDirAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const fresh = sibling(target, 'new');
  const old = sibling(target, 'old');
  try {
    await mkdir(fresh);
    await fill(fresh);
    await rename(target, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(fresh, target);
  } finally {
    await rm(fresh, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}
