/**
 * Where mdBook includes may read from. mdBook itself reads any path; a book's includes name files of
 * its own repository (listings beside the book, `../../examples/a.rs`), so Quire allows those and
 * nothing else, so that building a book from elsewhere cannot copy a file such as ~/.ssh/… into it:
 *   1. the folder `[output.quire] includeRoot` names in book.toml (relative to the book folder), when set;
 *   2. else the repository: the nearest folder at or above the book folder that holds `.git`;
 *   3. else the book folder's parent (a book kept in a `guide/` or `book/` folder of a project copied
 *      without its `.git`), unless that is a folder unrelated files share (the file system's root,
 *      the home folder, the temporary folder): then the book folder itself.
 */
import { existsSync, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { QuireError } from '../../util/errors.ts';

export interface IncludeRoot {
  /** Real path of the folder included files must be inside. */
  folder: string;
  /** Why that folder, for hints. */
  reason: string;
}

export function includeRoot(bookRoot: string, setting: string | undefined, settingsFile: string): IncludeRoot {
  const book = realpathSync(bookRoot);
  if (setting !== undefined) {
    const folder = resolve(book, setting);
    if (!existsSync(folder)) {
      throw new QuireError(`\`includeRoot\`: no folder \`${setting}\``, {
        file: settingsFile,
        hint: 'name a folder relative to the book folder, e.g. `includeRoot = ".."` under `[output.quire]`',
      });
    }
    return { folder: realpathSync(folder), reason: `the folder \`includeRoot\` names in ${settingsFile}` };
  }
  for (let dir = book; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return { folder: dir, reason: `the book's repository (${dir})` };
    if (dirname(dir) === dir) break;
  }
  const parent = dirname(book);
  const shared = [dirname(parent) === parent ? parent : '', real(homedir()), real(tmpdir())];
  if (shared.includes(parent)) return { folder: book, reason: `the book folder (${book}), which is in no repository` };
  return { folder: parent, reason: `the folder holding the book folder (${parent}), which is in no repository` };
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
