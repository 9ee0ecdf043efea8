/**
 * The output folder: checked writable before any output is made (so a bad `--out` is one clear
 * error, not a stack trace halfway through), and swept of the temporary files that a build
 * killed mid-write (SIGKILL, a power cut) left beside its outputs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { QuireError } from './errors.ts';
import { settingsPlace } from './settings-place.ts';

/** The temporary names writeFileAtomic and replaceDirAtomic use: `.<name>.<tag>-<pid>-<hex>`. */
const TEMP = /^\..+\.(?:tmp|new|old)-(\d+)-[0-9a-f]{8}$/;

export async function prepareOutDir(outDir: string, setting?: { file: string; line?: number }): Promise<void> {
  const probe = join(outDir, `.quire-probe.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await makeDirs(outDir);
    await writeFile(probe, '');
    await rm(probe);
  } catch (cause) {
    throw new QuireError(`cannot write to the output folder \`${outDir}\``, {
      ...setting,
      cause,
      hint: setting
        ? `set \`output.dir\` ${settingsPlace(setting.file)} to a folder Quire can create and write, or pass --out`
        : 'pass --out a folder Quire can create and write (not a file, not a read-only place)',
    });
  }
  await Promise.all([removeStaleTemps(outDir), removeStaleTemps(join(outDir, 'handouts'))]);
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir never returns for a path under /proc
 * (it retries the ENOENT for ever), so a bad output.dir would hang the build.
 */
async function makeDirs(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
  }
  await makeDirs(dirname(dir));
  await mkdir(dir);
}

/** Remove temporary files and folders whose writer is no longer running. */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(TEMP.exec(name)?.[1]);
      if (!pid || pid === process.pid || isRunning(pid)) return;
      await rm(join(dir, name), { recursive: true, force: true });
    }),
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file-system failure while writing outputs, as a user error naming the folder. */
export function writeFailure(error: unknown, outDir: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!e?.code || !/^E[A-Z]+$/.test(e.code) || !e.path) return error;
  if (!resolve(e.path).startsWith(resolve(outDir) + sep)) {
    // A source (an image) gone while the build copied it: watch mode builds again after the change.
    return new QuireError(`cannot read \`${e.path}\` (${e.code})`, {
      cause: error,
      hint: 'if it was just removed or renamed, build again',
    });
  }
  return new QuireError(`cannot write \`${e.path}\` (${e.code})`, {
    cause: error,
    hint:
      e.code === 'ENOSPC'
        ? 'the disk is full: free some space and build again'
        : `check that Quire may write in ${outDir}, or pass --out another folder`,
  });
}
