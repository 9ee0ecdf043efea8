/** Read and validate book.yaml: every problem names its line and, for a typo, the key that was meant. */
import { basename } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { QuireError, QuireErrors, nearest } from '../util/errors.ts';
import { configSchema, knownKeys, type BookConfig } from './config-schema.ts';
import { readTextFile } from './text-file.ts';

export async function loadConfig(file: string): Promise<BookConfig> {
  const source = await readTextFile(file, {
    message: 'cannot read book.yaml',
    hint: 'create book.yaml at the book root with at least `title: …` (see the README’s book.yaml reference)',
  });
  return parseConfig(source, file);
}

/**
 * `base`: settings the file's own are laid over (a book in another tool's layout: what its own
 * settings and text say), so the file needs to give only what it changes.
 */
export function parseConfig(source: string, file: string, base?: Record<string, unknown>): BookConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new QuireErrors(
      doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return new QuireError(`invalid YAML: ${e.message.split('\n')[0]}`, {
          file,
          line: pos.line,
          column: pos.col,
          source,
          hint: 'fix the YAML syntax (indentation, a missing colon, or an unquoted value with `: ` in it)',
        });
      }),
    );
  }

  const own = (doc.toJS() ?? {}) as Record<string, unknown>;
  const result = configSchema.safeParse(base ? mergeSettings(base, own) : own);
  if (result.success) return result.data;
  throw new QuireErrors(result.error.issues.flatMap((issue) => describeIssue(issue, doc, source, file, at)));
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  source: string,
  file: string,
  at: (offset: number) => { line: number; col: number },
): QuireError[] {
  const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const node = keyNode(doc, issue.path as (string | number)[], key);
      const pos = node?.range ? at(node.range[0]) : undefined;
      const suggestion = nearest(key, knownKeys(issue.path as (string | number)[]));
      const full = dotted([...issue.path, key]);
      return new QuireError(`unknown key \`${full}\` in ${basename(file)}`, {
        file,
        line: pos?.line,
        column: pos?.col,
        source,
        hint: suggestion
          ? `did you mean \`${suggestion}\`?`
          : `remove it; known keys here: ${knownKeys(issue.path as (string | number)[]).join(', ')}`,
      });
    });
  }
  const node = valueNode(doc, issue.path);
  const pos = node?.range ? at(node.range[0]) : undefined;
  const missing = issue.code === 'invalid_type' && !node;
  return [
    new QuireError(
      missing
        ? `${basename(file)} is missing \`${dotted(issue.path)}\``
        : `\`${dotted(issue.path)}\`: ${issue.message}`,
      {
        file,
        line: pos?.line ?? (missing ? 1 : undefined),
        column: pos?.col,
        source,
        hint: missing
          ? `add \`${dotted(issue.path)}: …\` to ${basename(file)}`
          : 'see the book.yaml reference in the README for the expected type',
      },
    ),
  ];
}

function valueNode(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  const node = doc.getIn(path as unknown[], true);
  return node && typeof node === 'object' && 'range' in (node as object) ? (node as Node) : undefined;
}

function keyNode(doc: Document, parentPath: readonly PropertyKey[], key: string): Node | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath as unknown[], true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** `over` laid on `under`, maps merged key by key (so `pdf: { recto: true }` keeps the other pdf settings). */
export function mergeSettings(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isPlainMap(value) && isPlainMap(below) ? mergeSettings(below, value) : value;
  }
  return merged;
}

const isPlainMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
