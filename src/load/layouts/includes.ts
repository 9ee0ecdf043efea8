/**
 * mdBook's include directives, expanded when the book loads so that no stage after it sees one:
 *   {{#include file}}  {{#include file:anchor}}  {{#include file:10:20}}  (also :10:, ::20, :10)
 *   {{#rustdoc_include …}}  the same selection; mdBook adds the other lines as hidden `# ` lines,
 *                           which a printed book would show, so only the selected lines are kept
 *   {{#playground file}}    the file as a Rust code block
 *   {{#title …}}            the page title of mdBook's HTML: dropped
 * `\{{#include …}}` is the escaped form and stays as text (without the backslash).
 * Paths are relative to the file holding the directive and must stay inside the book root (after
 * following symbolic links). Included files may include others (mdBook's limit: 10 levels).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileLine } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import { decodeText } from '../text-file.ts';

const DIRECTIVE = /(\\?)\{\{#(include|rustdoc_include|playground|title)(?:\s+([^}]*?))?\s*\}\}/g;
const ANCHOR_START = /ANCHOR:\s*([\w_-]+)/;
const ANCHOR_END = /ANCHOR_END:\s*([\w_-]+)/;
const MAX_DEPTH = 10;

export interface Expanded {
  body: string;
  /** File line of each body line (see Chapter.lineMap); undefined when nothing was expanded. */
  lineMap?: number[];
}

/**
 * Expand the directives of a chapter body. `root` is the book root; `bodyLineOffset` turns body
 * lines into file lines for errors and for the line map.
 */
export function expandIncludes(
  body: string,
  chapter: { file: string; bodyLineOffset: number },
  root: string,
): Expanded {
  if (!body.includes('{{#')) return { body };
  const rootReal = realpathSync(root);
  const lines = body.split('\n');
  const out: string[] = [];
  const lineMap: number[] = [];
  lines.forEach((line, i) => {
    const at = fileLine(chapter, i);
    const expanded = expandLine(line, { file: chapter.file, line: at, rootReal, depth: 0 }).split('\n');
    out.push(...expanded);
    lineMap.push(...expanded.map(() => at));
  });
  return { body: out.join('\n'), lineMap };
}

interface Where {
  file: string;
  line: number;
  rootReal: string;
  depth: number;
}

function expandLine(line: string, where: Where): string {
  if (!line.includes('{{#')) return line;
  return line.replace(DIRECTIVE, (whole, escape: string, kind: string, args = '') => {
    if (escape) return whole.slice(1);
    if (kind === 'title') return '';
    const spec = parseSpec(args.trim(), where, kind);
    const target = resolveTarget(spec.path, where, whole);
    const text = decodeText(readFileSync(target), target).replace(/\r\n/g, '\n');
    let selected = select(text, spec, where, target);
    if (where.depth + 1 < MAX_DEPTH) {
      // mdBook expands directives inside included files too, relative to those files.
      selected = selected
        .split('\n')
        .map((l, i) => expandLine(l, { ...where, file: target, line: i + 1, depth: where.depth + 1 }))
        .join('\n');
    }
    return kind === 'playground' ? `\`\`\`rust\n${selected}\n\`\`\`` : selected;
  });
}

interface Spec {
  path: string;
  anchor?: string;
  /** 0-based start, end exclusive. */
  from?: number;
  to?: number;
}

function parseSpec(args: string, where: Where, kind: string): Spec {
  // Playground takes attributes after the path (`{{#playground file.rs editable}}`): ignored.
  const [first = ''] = kind === 'playground' ? args.split(/\s+/) : [args];
  if (!first) {
    throw new QuireError(`\`{{#${kind}}}\` names no file`, {
      file: where.file,
      line: where.line,
      hint: `write \`{{#${kind} path/to/file}}\`, the path relative to this file`,
    });
  }
  const [path = '', a, b] = first.split(':');
  if (a === undefined) return { path };
  const number = (s: string | undefined) => (s ? Number(s) : undefined);
  if (b === undefined) {
    if (/^\d+$/.test(a)) return { path, from: Number(a) - 1, to: Number(a) };
    return { path, anchor: a };
  }
  if ((a && !/^\d+$/.test(a)) || (b && !/^\d+$/.test(b))) {
    throw new QuireError(`\`${first}\`: a line range takes numbers, as in \`file.rs:10:20\``, {
      file: where.file,
      line: where.line,
      hint: 'write `file:FROM:TO`, `file:FROM:` or `file::TO` (lines counted from 1), or `file:anchor`',
    });
  }
  const from = number(a);
  return { path, from: from === undefined ? undefined : Math.max(0, from - 1), to: number(b) };
}

function resolveTarget(path: string, where: Where, directive: string): string {
  const target = resolve(dirname(where.file), path);
  let real: string;
  try {
    real = realpathSync(target);
  } catch (cause) {
    throw new QuireError(`\`${directive}\`: no file \`${path}\``, {
      file: where.file,
      line: where.line,
      cause,
      hint: `the path is relative to this file, so it names ${target}`,
    });
  }
  if (real !== where.rootReal && !real.startsWith(where.rootReal + sep)) {
    throw new QuireError(`\`${directive}\`: \`${path}\` is outside the book`, {
      file: where.file,
      line: where.line,
      hint: 'a book includes only files inside its own folder; copy the file into the book',
    });
  }
  return real;
}

function select(text: string, spec: Spec, where: Where, target: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (spec.anchor !== undefined) {
    const start = lines.findIndex((l) => ANCHOR_START.exec(l)?.[1] === spec.anchor);
    if (start === -1) {
      throw new QuireError(`no anchor \`${spec.anchor}\` in ${target}`, {
        file: where.file,
        line: where.line,
        hint: 'mark the lines with `ANCHOR: name` and `ANCHOR_END: name` (in comments) in the included file',
      });
    }
    const kept: string[] = [];
    for (const l of lines.slice(start + 1)) {
      if (ANCHOR_END.exec(l)?.[1] === spec.anchor) break;
      if (!ANCHOR_START.test(l) && !ANCHOR_END.test(l)) kept.push(l);
    }
    return kept.join('\n');
  }
  return lines.slice(spec.from ?? 0, spec.to ?? lines.length).join('\n');
}
