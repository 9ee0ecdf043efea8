/**
 * Quire's cache: what one build made that the next can reuse (drawn diagrams and covers, fetched
 * remote images, the coverage of installed font packages). It lives in the user's own cache folder
 * ($XDG_CACHE_HOME/quire, else ~/.cache/quire), never in the shared temporary folder, where anyone
 * could plant a file at a name computed from a public book.
 *
 * Layout, per kind: `<key>.ref` names the content's SHA-256; the content is the file named by that
 * hash (`<sha256><ext>`), so every read can check it by hashing it again. An entry that fails the
 * check, or that the user does not own, or that others can write, is ignored and made again.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type CacheKind = 'diagrams' | 'covers' | 'remote-images' | 'converted-images' | 'font-coverage' | 'print-layout';

/** Past this size, the entries used longest ago are removed at the end of a build. */
export const CACHE_LIMIT_BYTES = 512 * 1024 * 1024;

/** Where Quire keeps its cache and its work folders, from the environment as XDG defines it. */
export function quireCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  // XDG: a relative value is invalid and must be ignored.
  return join(xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache'), 'quire');
}

/**
 * Make `dir` (and its parents) if missing, and check that it is a real folder that only this user
 * can write. Returns why it cannot be used, or undefined when it can.
 */
export function ensurePrivateDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = lstatSync(dir);
    if (!info.isDirectory()) return `${dir} is not a folder`;
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) return `${dir} belongs to another user`;
    // Made by hand or by another program with a looser mode: it is ours, so it can be closed.
    if ((info.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return undefined;
  } catch (error) {
    return `${dir} cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** A file the user owns and no one else can write. */
const trusted = (info: { uid: number; mode: number; isFile(): boolean }) => {
  const uid = process.getuid?.();
  return info.isFile() && (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
};

export interface CacheHit {
  /** The checked file, for a use that needs a path (a remote image is copied from it). */
  file: string;
  data: Buffer;
}

/** The build's view of the cache: `dir` is undefined when caching is off or the folder is unusable. */
export class UserCache {
  /** Why the cache folder cannot be used, for a warning; undefined when it can or caching is off. */
  readonly problem: string | undefined;
  readonly dir: string | undefined;
  private wrote = false;

  constructor(options: { enabled?: boolean; root?: string } = {}) {
    if (options.enabled === false) {
      this.dir = undefined;
      this.problem = undefined;
      return;
    }
    const root = options.root ?? quireCacheRoot();
    this.problem = ensurePrivateDir(root);
    this.dir = this.problem ? undefined : root;
  }

  /**
   * The entry for `key` (any string: it is hashed), if present and whole. Read synchronously: entries
   * are small next to a build, and font coverage is read where nothing can wait.
   */
  get(kind: CacheKind, key: string): CacheHit | undefined {
    const ref = this.refFile(kind, key);
    if (!ref || !existsSync(ref)) return undefined;
    try {
      if (!trusted(lstatSync(ref))) return undefined;
      const name = readFileSync(ref, 'utf8');
      // A ref names a file in its own folder and nothing else.
      if (!/^[0-9a-f]{64}[\w.]*$/.test(name)) return undefined;
      const file = join(this.dir!, kind, name);
      if (!trusted(lstatSync(file))) return undefined;
      const data = readFileSync(file);
      if (!name.startsWith(sha256(data))) return undefined;
      // Touched on use: pruning removes the entries used longest ago.
      const now = new Date();
      utimesSync(file, now, now);
      return { file, data };
    } catch {
      return undefined;
    }
  }

  /** Keep `data` for `key`; returns the entry's file (undefined when caching is off or failed). */
  put(kind: CacheKind, key: string, data: Uint8Array | string, ext = ''): string | undefined {
    const ref = this.refFile(kind, key);
    if (!ref || ensurePrivateDir(join(this.dir!, kind))) return undefined;
    try {
      const name = `${sha256(data)}${ext}`;
      const file = join(this.dir!, kind, name);
      // Written beside and renamed: another Quire reading the same entry sees it whole or not at all.
      for (const [target, content] of [
        [file, data],
        [ref, name],
      ] as const) {
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, content, { mode: 0o600 });
        renameSync(temp, target);
      }
      this.wrote = true;
      return file;
    } catch {
      return undefined; // a cache that cannot be written costs time on the next build, nothing else
    }
  }

  /**
   * Keep the cache under `limit` bytes, removing the entries used longest ago. Run once at the end
   * of a build that added something, so a build that only reads the cache pays nothing.
   */
  async prune(limit = CACHE_LIMIT_BYTES): Promise<void> {
    if (!this.dir || !this.wrote) return;
    const entries: { file: string; size: number; used: number }[] = [];
    for (const kind of await readdir(this.dir).catch(() => [])) {
      if (kind === 'work') continue;
      for (const name of await readdir(join(this.dir, kind)).catch(() => [])) {
        if (name.endsWith('.ref')) continue;
        const file = join(this.dir, kind, name);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) entries.push({ file, size: info.size, used: info.mtimeMs });
      }
    }
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    // A ref whose content is gone is a miss, so content alone is removed.
    for (const entry of entries.sort((a, b) => a.used - b.used)) {
      if (total <= limit) break;
      await rm(entry.file, { force: true });
      total -= entry.size;
    }
  }

  private refFile(kind: CacheKind, key: string): string | undefined {
    return this.dir && join(this.dir, kind, `${sha256(key)}.ref`);
  }
}
