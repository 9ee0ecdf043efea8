/**
 * Settings of books in other tools' layouts: book.toml (mdBook) and book.json (HonKit, GitBook),
 * turned into Quire's config (the same schema as book.yaml, so every default applies). What
 * they do not say (title, language) comes from the book itself: see `completeConfig`.
 */
import { readTextFile } from '../text-file.ts';
import type { TomlError } from 'smol-toml';
import { parse as parseToml } from 'smol-toml';
import type { Chapter } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import { firstHeading } from '../chapters.ts';
import { configSchema, type BookConfig } from '../config-schema.ts';
import { detectLanguage } from './language.ts';

/** What a layout's own settings file declares. */
export interface DeclaredSettings {
  title?: string;
  authors?: string[];
  language?: string;
  description?: string;
  /** The folder holding SUMMARY.md and the chapters, relative to the book root. */
  source?: string;
  /** book.toml `[output.quire] includeRoot`: the folder mdBook includes may read from (include-root.ts). */
  includeRoot?: string;
}

export async function readBookToml(file: string): Promise<DeclaredSettings> {
  const text = await readTextFile(file);
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (cause) {
    const e = cause as TomlError;
    throw new QuireError(`invalid TOML: ${e.message.split('\n')[0]}`, {
      file,
      line: e.line,
      column: e.column,
      source: text,
      cause,
      hint: 'fix the syntax of book.toml (mdBook would not read it either)',
    });
  }
  const book = (data.book ?? {}) as Record<string, unknown>;
  const quire = ((data.output as Record<string, unknown> | undefined)?.quire ?? {}) as Record<string, unknown>;
  return {
    title: text0(book.title),
    authors: Array.isArray(book.authors) ? book.authors.map(String) : undefined,
    language: text0(book.language),
    description: text0(book.description),
    source: text0(book.src),
    includeRoot: text0(quire.includeRoot),
  };
}

export async function readBookJson(file: string): Promise<DeclaredSettings> {
  const text = await readTextFile(file);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    const at = /position (\d+)/.exec(String(cause))?.[1];
    throw new QuireError(`invalid JSON: ${(cause as Error).message}`, {
      file,
      line: at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length,
      source: text,
      cause,
      hint: 'fix the syntax of book.json',
    });
  }
  const author = data.author ?? data.authors;
  return {
    title: text0(data.title),
    authors: typeof author === 'string' ? [author] : Array.isArray(author) ? author.map(String) : undefined,
    language: text0(data.language),
    description: text0(data.description),
    source: text0(data.root),
  };
}

const text0 = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * The config of a book without book.yaml: what its settings declare, else the title from the first
 * heading of its first page and the language from its text.
 */
export function completeConfig(
  declared: DeclaredSettings,
  chapters: Chapter[],
  fallbackTitle: string,
  file: string,
): BookConfig {
  const first = chapters[0];
  const title = declared.title ?? (first && (firstHeading(first.body)?.text.trim() || first.title)) ?? fallbackTitle;
  const language = declared.language?.replace(/_/g, '-') ?? detectLanguage(chapters.map((c) => c.body));
  const result = configSchema.safeParse({
    title,
    language,
    ...(declared.authors ? { authors: declared.authors } : {}),
    ...(declared.description ? { description: declared.description } : {}),
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new QuireError(`\`${issue.path.join('.')}\`: ${issue.message}`, {
      file,
      hint: 'correct the setting (Quire reads title, authors, language and description)',
    });
  }
  return result.data;
}
