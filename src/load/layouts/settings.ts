/**
 * Settings of books in other tools' layouts: book.toml (mdBook) and book.json or book.js (HonKit, GitBook),
 * turned into Quire's config (the same schema as book.yaml, so every default applies). What
 * they do not say (title, language) comes from the book itself: see `completeConfig`.
 */
import { readTextFile } from '../text-file.ts';
import type { TomlError } from 'smol-toml';
import { parse as parseToml } from 'smol-toml';
import type { Chapter } from '../../model.ts';
import { QuireError, QuireErrors } from '../../util/errors.ts';
import { mergeSettings } from '../config.ts';
import { settingsPlace } from '../../util/settings-place.ts';
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
  /** Where the book's site is published (mdBook's `[output.html] site-url`, when it is a full address). */
  siteUrl?: string;
  /** Quire's own settings, as book.yaml would give them (book.toml's `[output.quire]`, book.json's `pluginsConfig.quire`). */
  quire?: Record<string, unknown>;
  /**
   * Whether the tool's own site shows chapter numbers, when the settings say: mdBook's
   * `[output.html] no-section-label`, GitBook's `pluginsConfig["theme-default"].showLevel`.
   */
  numbered?: boolean;
  /** mdBook's `[output.html.code.hidelines]`: the prefix of hidden lines, by language. */
  hiddenLines?: Record<string, string>;
  /** book.toml `[output.quire] includeRoot`: the folder mdBook includes may read from (include-root.ts). */
  includeRoot?: string;
}

const withoutKey = (map: Record<string, unknown> | undefined, key: string) =>
  map && Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));

const optionalTable = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const absoluteUrl = (value: unknown): string | undefined =>
  typeof value === 'string' && /^https?:\/\/[^/]/i.test(value) ? value : undefined;

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
  const html = table(table(data.output).html);
  const hidelines = table(table(html.code).hidelines);
  return {
    title: text0(book.title),
    authors: Array.isArray(book.authors) ? book.authors.map(String) : undefined,
    language: text0(book.language),
    description: text0(book.description),
    source: text0(book.src),
    siteUrl: absoluteUrl(html['site-url']),
    // includeRoot is read above, while the pages load; the rest is Quire's config.
    quire: withoutKey(optionalTable(table(data.output).quire), 'includeRoot'),
    numbered: html['no-section-label'] === true ? false : undefined,
    hiddenLines: Object.fromEntries(
      Object.entries(hidelines).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    includeRoot: text0(table(table(data.output).quire).includeRoot),
  };
}

export async function readBookJson(file: string): Promise<DeclaredSettings> {
  const text = await readTextFile(file);
  let data: Record<string, unknown>;
  if (/\.js$/i.test(file)) {
    // book.js (HonKit's other settings file) is read without running it: its literal values only.
    // Loaded here: the TypeScript parser is large, and most books have no book.js.
    const { objectValue, readModuleValue } = await import('./js-literals.ts');
    data = objectValue(readModuleValue(text, file).value) ?? {};
  } else
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
    quire: optionalTable(table(data.pluginsConfig).quire),
    numbered: table(table(data.pluginsConfig)['theme-default']).showLevel === true ? true : undefined,
  };
}

const table = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

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
  const derived = {
    title,
    language,
    ...(declared.authors ? { authors: declared.authors } : {}),
    ...(declared.description ? { description: declared.description } : {}),
    ...(declared.siteUrl ? { siteUrl: declared.siteUrl } : {}),
  };
  const result = configSchema.safeParse(mergeSettings(derived, declared.quire ?? {}));
  if (!result.success) {
    throw new QuireErrors(
      result.error.issues.map(
        (issue) =>
          new QuireError(`\`${issue.path.join('.')}\`: ${issue.message}`, {
            file,
            hint: declared.quire
              ? `correct the Quire setting (${settingsPlace(file)}; keys as in the README’s book.yaml reference)`
              : 'correct the setting (Quire reads title, authors, language and description)',
          }),
      ),
    );
  }
  return result.data;
}
