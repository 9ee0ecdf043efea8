/** The corpus run as text: a table of one row per book, then each book's errors, warning kinds and findings. */
import type { RowResult } from './run-row.ts';

const FIRST = 3;
const KINDS = 10;

const COLUMNS = [
  'book',
  'exit',
  'errors',
  'warnings',
  'kinds',
  's',
  'pages',
  'Type 3',
  'tofu',
  'CJK lost',
  'epubcheck F/E/W',
];

function cells(r: RowResult): string[] {
  const markers = r.markers?.reduce((n, m) => n + m.count, 0);
  return [
    r.book,
    r.exit,
    String(r.errors.length),
    r.unplacedWarnings > 0 ? `${r.warnings.length} (${r.unplacedWarnings} unplaced)` : String(r.warnings.length),
    String(r.warningKinds.length),
    r.seconds.toFixed(1),
    r.pdf ? String(r.pdf.pages) : '–',
    r.pdf ? String(r.pdf.type3Fonts.length) : '–',
    r.pdf ? String(r.pdf.notdefGlyphs) : '–',
    r.cjkMissing ? String(r.cjkMissing.length) : '–',
    r.epub ? `${r.epub.fatals}/${r.epub.errors}/${r.epub.warnings}` : '–',
    markers === undefined ? '–' : String(markers),
  ];
}

/** A Markdown table, so the output pastes into an issue as it is. */
export function table(results: RowResult[]): string {
  const rows = [[...COLUMNS, 'markers'], ...results.map(cells)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

const place = (where: string, message: string) => (where ? `${where}: ${message}` : message);

/** What each book's row stands for: its first errors, its kinds of warnings, what its outputs showed. */
export function details(results: RowResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const lines: string[] = [];
    if (r.crash) lines.push(`  crash: ${r.crash.split('\n').slice(0, 4).join('\n         ')}`);
    for (const e of r.errors.slice(0, FIRST)) {
      lines.push(`  error: ${place(e.where, e.message.split('\n')[0]!)}${e.cause ? ` (cause: ${e.cause})` : ''}`);
    }
    const more = r.errors.length - FIRST;
    if (more > 0) lines.push(`  … ${more} more error${more > 1 ? 's' : ''} (--json lists them all)`);
    for (const k of r.warningKinds.slice(0, KINDS)) lines.push(`  ${String(k.count).padStart(5)} × ${k.kind}`);
    if (r.warningKinds.length > KINDS) lines.push(`  … ${r.warningKinds.length - KINDS} more kinds of warnings`);
    for (const m of r.markers ?? []) lines.push(`  marker: ${m.count} × ${m.marker}, e.g. "${m.example}"`);
    if (r.pdf?.notdefGlyphs) lines.push(`  tofu (.notdef glyphs) on pages ${r.pdf.notdefPages.join(', ')} …`);
    if (r.cjkMissing?.length) lines.push(`  CJK lost in the PDF: ${r.cjkMissing.slice(0, 40).join('')}`);
    if (r.pdf?.type3Fonts.length) lines.push(`  Type 3 fonts: ${r.pdf.type3Fonts.slice(0, 5).join(', ')}`);
    for (const e of r.epub?.firstErrors.slice(0, FIRST) ?? []) lines.push(`  epubcheck: ${e}`);
    for (const n of r.notes) lines.push(`  note: ${n}`);
    if (r.kept) lines.push(`  kept: ${r.kept}`);
    if (lines.length > 0) out.push(`${r.book}\n${lines.join('\n')}`);
  }
  return out.join('\n\n');
}

/** The rows that fail `--require-clean`: not built, or an EPUB that epubcheck rejects. */
export const unclean = (results: RowResult[]) =>
  results.filter((r) => r.exit !== '0' || (r.epub !== undefined && r.epub.fatals + r.epub.errors > 0));
