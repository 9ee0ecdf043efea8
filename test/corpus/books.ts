/**
 * The corpus's books: every `.tar.gz` in the corpus folder, each with the folder(s) inside the archive
 * to point Quire at, as its README table and `.source.txt` files name them. A book with two roots
 * (a Docusaurus site and its docs folder) gives two rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusRow {
  /** The archive's name (`nomicon`), or the root itself when the archive names more than one. */
  name: string;
  /** The archive's name without `.tar.gz`. */
  archive: string;
  /** Path of the archive file. */
  file: string;
  /** The folder inside the archive to point Quire at (`mdbook-guide/guide`). */
  root: string;
}

/** Roots by archive name from the README's table: every backticked path in its "root" column. */
export function rootsFromReadme(readme: string): Map<string, string[]> {
  const roots = new Map<string, string[]>();
  let rootColumn = -1;
  for (const line of readme.split('\n')) {
    if (!line.trim().startsWith('|')) {
      rootColumn = -1;
      continue;
    }
    const cells = line.split('|').slice(1, -1);
    if (rootColumn < 0) {
      rootColumn = cells.findIndex((cell) => /\broot\b/i.test(cell));
      continue;
    }
    const archive = cells[0]?.replace(/`/g, '').trim();
    const paths = [...(cells[rootColumn] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
    if (archive && paths.length > 0) roots.set(archive, paths);
  }
  return roots;
}

/** The root a `.source.txt` names on its `quire root` line, if any. */
export function rootFromSource(source: string): string | undefined {
  return /^quire root[^:]*:\s*(\S+)\s*$/im.exec(source)?.[1];
}

/** One row per root of every archive in `dir`, in name order. */
export function corpusRows(dir: string): CorpusRow[] {
  const readmeFile = join(dir, 'README.md');
  const fromReadme = existsSync(readmeFile) ? rootsFromReadme(readFileSync(readmeFile, 'utf8')) : new Map();
  const rows: CorpusRow[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith('.tar.gz')) continue;
    const archive = entry.slice(0, -'.tar.gz'.length);
    const sourceFile = join(dir, `${archive}.source.txt`);
    const fromSource = existsSync(sourceFile) ? rootFromSource(readFileSync(sourceFile, 'utf8')) : undefined;
    const roots = [...new Set([...(fromReadme.get(archive) ?? []), ...(fromSource ? [fromSource] : [])])];
    // Named nowhere: the archive's own top folder, as it stands.
    if (roots.length === 0) roots.push(archive);
    for (const root of roots) {
      rows.push({ name: roots.length > 1 ? root : archive, archive, file: join(dir, entry), root });
    }
  }
  return rows;
}

/** The rows `--books` asks for (archive or row names); unknown names are returned apart. */
export function selectRows(rows: CorpusRow[], names: string[] | undefined): { rows: CorpusRow[]; unknown: string[] } {
  if (!names) return { rows, unknown: [] };
  const unknown = names.filter((n) => !rows.some((r) => r.archive === n || r.name === n));
  return { rows: rows.filter((r) => names.includes(r.archive) || names.includes(r.name)), unknown };
}
