/**
 * `quire init`: a new book in an empty (or new) folder: book.yaml with every key documented,
 * example chapters that use each feature, and on request a copy of the default templates to edit.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_TEMPLATES } from '../assemble/templates.ts';
import { SCHEMA_FILE } from '../load/config-json-schema.ts';
import { QuireError } from '../util/errors.ts';
import { bookYaml } from './book-yaml.ts';

/** The example chapters, shipped with Quire. */
export const STARTER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'starter');

export interface InitOptions {
  /** The folder to create the book in; it must not exist or be empty. */
  dir: string;
  /** Also copy Quire's default templates into `templates/`, to customise. */
  templates?: boolean;
}

export interface InitResult {
  root: string;
  /** Files written, relative to the root. */
  files: string[];
}

export async function initBook(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  if (existsSync(root)) {
    const entries = await readdir(root).catch((cause: unknown) => {
      throw new QuireError(`\`${options.dir}\` exists and is not a folder`, {
        file: root,
        cause,
        hint: 'give the name of a new or empty folder',
      });
    });
    if (entries.length > 0) {
      throw new QuireError('the folder is not empty: quire init writes only into a new or empty folder', {
        file: root,
        hint: `nothing was written; choose another folder, e.g. \`quire init ${join(options.dir, 'book')}\``,
      });
    }
  }
  await mkdir(root, { recursive: true });
  const name = basename(root);
  await writeFile(
    join(root, 'book.yaml'),
    bookYaml(
      {
        title: titleFrom(name),
        authors: ['Your Name'],
        language: 'en',
        description: 'What this book is about, in a sentence or two.',
        'output.name': fileNameFrom(name),
      },
      schemaPath(root),
    ),
  );
  await cp(join(STARTER, 'chapters'), join(root, 'chapters'), { recursive: true });
  if (options.templates) await cp(DEFAULT_TEMPLATES, join(root, 'templates'), { recursive: true });
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
  return { root, files };
}

/**
 * The schema shipped with this Quire, relative to the book: it holds while Quire stays where it is
 * beside the book (a dependency of the project the book is in); on another drive, its file URL.
 */
function schemaPath(root: string): string {
  const path = relative(root, SCHEMA_FILE);
  return isAbsolute(path) ? pathToFileURL(SCHEMA_FILE).href : path.split(sep).join('/');
}

/** `my-first_book` → `My first book`. */
function titleFrom(folder: string): string {
  const words = folder.replace(/[-_.]+/g, ' ').trim() || 'My book';
  return words[0]!.toUpperCase() + words.slice(1);
}

function fileNameFrom(folder: string): string {
  return folder.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || 'book';
}
