/**
 * mdBook's include directives (grammar in include-directives.ts), expanded when the book loads so
 * that no stage after it sees one:
 *   {{#include file}}  {{#include file:anchor}}  {{#include file:10:20}}  (also :10:, ::20, :10)
 *   {{#rustdoc_include …}}  the same selection; mdBook adds the other lines as hidden `# ` lines,
 *                           which a printed book would show, so only the selected lines are kept
 *   {{#playground file attrs…}}  the file as a ```` ```rust,attrs ```` code block
 *   {{#title …}}            the page title of mdBook's HTML: dropped
 * Paths are relative to the file holding the directive and must stay inside the include root
 * (include-root.ts; symbolic links followed first). Included files may include others, 10 levels
 * deep as in mdBook. Problems are collected, not thrown, so that every one in the book is listed:
 * a file that cannot be included is an error (mdBook fails too) and its directive stays as text; an
 * anchor that is not in the file includes nothing, as in mdBook, with a warning.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileLine } from '../../model.ts';
import { QuireError, isUserError, problems } from '../../util/errors.ts';
import { decodeText } from '../text-file.ts';
import { DIRECTIVE, parseDirective, selectLines, type Directive } from './include-directives.ts';
import type { IncludeRoot } from './include-root.ts';

const MAX_DEPTH = 10;

export interface IncludeContext {
  root: IncludeRoot;
  /** Problems found so far, for the caller to report together once every page is read. */
  errors: QuireError[];
  warnings: QuireError[];
}

export interface Expanded {
  body: string;
  /** File line of each body line (see Chapter.lineMap); undefined when nothing was expanded. */
  lineMap?: number[];
}

interface Where {
  file: string;
  line: number;
  depth: number;
}

/**
 * Expand the directives of a chapter body. `bodyLineOffset` turns body lines into file lines, for
 * problems and for the line map: lines that came from an included file map to their directive's line.
 */
export function expandIncludes(
  body: string,
  chapter: { file: string; bodyLineOffset: number },
  context: IncludeContext,
): Expanded {
  if (!body.includes('{{')) return { body };
  let out = '';
  const lineMap: number[] = [fileLine(chapter, 0)];
  let last = 0;
  let line = 0; // body line (0-based) at `last`
  let changed = false;
  const append = (text: string, lineOf: (j: number) => number) => {
    const lines = text.split('\n');
    for (let j = 1; j < lines.length; j++) lineMap.push(lineOf(j));
    out += text;
  };
  for (const match of body.matchAll(DIRECTIVE)) {
    const start = match.index;
    const before = body.slice(last, start);
    const at = line;
    append(before, (j) => fileLine(chapter, at + j));
    line += countLines(before);
    const where = { file: chapter.file, line: fileLine(chapter, line), depth: 0 };
    const replaced = expandDirective(match, where, context);
    changed ||= replaced !== match[0];
    append(replaced, () => where.line);
    line += countLines(match[0]);
    last = start + match[0].length;
  }
  if (!changed) return { body };
  const tail = line;
  append(body.slice(last), (j) => fileLine(chapter, tail + j));
  return { body: out, lineMap };
}

/** Every include error of the book as one error, in file and line order (pages are read in parallel). */
export function throwIncludeErrors(context: IncludeContext): void {
  if (context.errors.length === 0) return;
  const sorted = [...context.errors].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '', 'en') || (a.line ?? 0) - (b.line ?? 0),
  );
  throw problems(sorted);
}

const countLines = (text: string) => text.split('\n').length - 1;

/** The text a directive stands for (itself when mdBook leaves it, or when it cannot be included). */
function expandDirective(match: RegExpMatchArray, where: Where, context: IncludeContext): string {
  const directive = parseDirective(match);
  if (!directive) return match[0];
  if (directive.kind === 'escaped') return directive.text;
  if (directive.kind === 'title') return '';
  try {
    return include(directive, match[0], where, context);
  } catch (error) {
    if (!isUserError(error)) throw error;
    context.errors.push(...('errors' in error ? error.errors : [error]));
    return match[0];
  }
}

function include(
  directive: Exclude<Directive, { kind: 'escaped' | 'title' }>,
  written: string,
  where: Where,
  context: IncludeContext,
): string {
  const target = resolveTarget(directive.path, written, where, context.root);
  const text = decodeText(readFileSync(target), target);
  let selected = directive.kind === 'playground' ? text.replace(/\r?\n$/, '') : selectLines(text, directive.selection);
  if (selected === undefined) {
    const anchor = 'selection' in directive && 'anchor' in directive.selection ? directive.selection.anchor : '';
    context.warnings.push(
      new QuireError(`\`${written}\`: no anchor \`${anchor}\` in ${directive.path}: nothing included`, {
        file: where.file,
        line: where.line,
        hint: 'mark the lines with `ANCHOR: name` and `ANCHOR_END: name` (in comments) in the included file',
      }),
    );
    return '';
  }
  if (where.depth + 1 < MAX_DEPTH) selected = expandNested(selected, text, target, where, context);
  if (directive.kind !== 'playground') return selected;
  const info = ['rust', ...directive.attributes].join(',');
  return `\`\`\`${info}\n${selected}\n\`\`\``;
}

/** mdBook expands directives inside included text too, relative to the included file. */
function expandNested(selected: string, whole: string, file: string, where: Where, context: IncludeContext): string {
  let out = '';
  let last = 0;
  for (const match of selected.matchAll(DIRECTIVE)) {
    // The directive's own line in the included file, for problems.
    const index = whole.indexOf(match[0]);
    const line = index === -1 ? 1 : countLines(whole.slice(0, index)) + 1;
    out += selected.slice(last, match.index) + expandDirective(match, { file, line, depth: where.depth + 1 }, context);
    last = match.index + match[0].length;
  }
  return out + selected.slice(last);
}

function resolveTarget(path: string, written: string, where: Where, root: IncludeRoot): string {
  const target = resolve(dirname(where.file), path);
  let real: string;
  try {
    real = realpathSync(target);
    if (!statSync(real).isFile()) throw new Error(`${target} is a folder`);
  } catch (cause) {
    throw new QuireError(`\`${written}\`: no file \`${path}\``, {
      file: where.file,
      line: where.line,
      cause,
      hint: `the path is relative to this file, so it names ${target}`,
    });
  }
  if (real !== root.folder && !real.startsWith(root.folder + sep)) {
    throw new QuireError(`\`${written}\`: \`${path}\` is outside the book's repository`, {
      file: where.file,
      line: where.line,
      hint:
        `includes read files inside ${root.reason}; this one is ${relative(root.folder, real)} from there. ` +
        'Copy the file in, or allow a wider folder with `includeRoot` under `[output.quire]` in book.toml',
    });
  }
  return real;
}
