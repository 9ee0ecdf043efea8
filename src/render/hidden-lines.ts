/**
 * Lines a book's tool hides in code blocks, left out of every output. mdBook hides them on its
 * site behind a button; a printed page has no button, so they are not printed at all.
 * Rust (and, in mdBook, a block without a language) follows rustdoc's rules: a line whose first
 * non-blank characters are `# ` or that is just `#` is hidden, `##` stands for a literal `#`,
 * and `#!` and `#[` (attributes) are code. Other languages hide lines starting with their prefix
 * (mdBook's `[output.html.code.hidelines]`).
 */
import { fenceLanguage } from './highlight.ts';

export function hideLines(code: string, info: string, prefixes: Record<string, string>): string {
  const language = fenceLanguage(info);
  const prefix = prefixes[language];
  if (prefix === undefined || prefix === '') return code;
  const rust = language === 'rust' || language === '';
  const lines = code.split('\n');
  const shown: string[] = [];
  for (const line of lines) {
    const indent = /^\s*/.exec(line)![0];
    const rest = line.slice(indent.length);
    if (!rest.startsWith(prefix)) shown.push(line);
    else if (!rust) continue;
    else if (rest.startsWith('##')) shown.push(indent + rest.slice(1));
    else if (rest === '#' || rest.startsWith('# ')) continue;
    else shown.push(line);
  }
  return shown.join('\n');
}

type Highlight = (code: string, info: string) => string;

/** A highlighter that first leaves out the hidden lines, when the book has any. */
export function withHiddenLines(highlight: Highlight, prefixes: Record<string, string> | undefined): Highlight {
  return prefixes ? (code, info) => highlight(hideLines(code, info, prefixes), info) : highlight;
}
