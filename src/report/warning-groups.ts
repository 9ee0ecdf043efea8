/**
 * Warnings grouped by kind for the command line: a large book can have hundreds of one kind (a
 * link style its tool accepts, a component left out), which one after another would bury the
 * problem that matters. A kind is the message with its specifics (names in backticks, quotes,
 * tags, numbers) replaced, so "link to `a.md#x`" and "link to `b.md#y`" are one kind.
 */
import type { QuireError } from '../util/errors.ts';

export function warningKind(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/`[^`]*`/g, '`…`')
    .replace(/<\/?[A-Za-z][^<>\n]*>/g, '<…>')
    .replace(/(`…`|<…>)(?:(?:,\s*|,?\s+and\s+)(?:`…`|<…>))+/g, '$1')
    .replace(/"[^"\n]*"/g, '"…"')
    .replace(/“[^”\n]*”/g, '“…”')
    .replace(/(^|[\s(])'[^'\n]+'(?=$|[\s),.:;])/g, "$1'…'")
    .replace(/\b\d+(?:\.\d+)?\b/g, 'N');
}

export interface WarningGroup {
  kind: string;
  warnings: QuireError[];
}

/** Warnings by kind, most frequent first (ties in order of first appearance). */
export function groupWarnings(warnings: QuireError[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const warning of warnings) {
    const kind = warningKind(warning.message);
    const group = groups.get(kind) ?? { kind, warnings: [] };
    group.warnings.push(warning);
    groups.set(kind, group);
  }
  return [...groups.values()].sort((a, b) => b.warnings.length - a.warnings.length);
}

/** How many places of a group are named before "and N more". */
const PLACES = 5;

/**
 * The lines to print: a kind seen once as the warning itself; a kind seen more often as its first
 * warning in full, then the count and the first few other places; with `verbose`, every warning.
 */
export function formatWarnings(warnings: QuireError[], root: string, verbose: boolean): string[] {
  const lines: string[] = [];
  for (const { warnings: group } of groupWarnings(warnings)) {
    const [first, ...rest] = group;
    lines.push(`warning: ${first!.format(root)}`);
    if (verbose) {
      for (const warning of rest) lines.push(`warning: ${warning.format(root)}`);
      continue;
    }
    if (rest.length === 0) continue;
    const places = rest.slice(0, PLACES).map((w) => w.where(root) || w.message);
    const more = rest.length - places.length;
    const tail = more > 0 ? `, and ${more} more` : '';
    lines.push(`  … and ${rest.length} more of this kind (--verbose lists each): ${places.join(', ')}${tail}`);
  }
  if (warnings.length > 0) {
    const kinds = groupWarnings(warnings).length;
    lines.push(
      `${warnings.length} warning${warnings.length === 1 ? '' : 's'} of ${kinds} kind${kinds === 1 ? '' : 's'}`,
    );
  }
  return lines;
}
