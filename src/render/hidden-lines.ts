/**
 * Lines a book's tool hides in code blocks, left out of every output. mdBook hides them on its
 * site behind a button; a printed page has no button, so they are not printed at all. As mdBook
 * does: in Rust blocks (```rust, ```rust,ignore) a line whose first non-blank characters are `# `,
 * or that is just `#`, is hidden, `##` stands for a literal `#`, and `#[…]` and `#!` are code; in
 * other languages a line starting with the block's `hidelines=<prefix>` attribute, else with the
 * language's prefix from book.toml's `[output.html.code.hidelines]`, is hidden. A block without a
 * language shows every line, as on mdBook's site.
 */
import { fenceLanguage } from './highlight.ts';

export function hideLines(code: string, info: string, prefixes: Record<string, string>): string {
  const language = fenceLanguage(info);
  const attribute = /(?:^|[\s,])hidelines=(\S+?)(?:,|\s|$)/.exec(info)?.[1];
  const rust = language === 'rust';
  const prefix = rust ? '#' : (attribute ?? (language ? prefixes[language] : undefined));
  if (!prefix) return code;
  const shown: string[] = [];
  for (const line of code.split('\n')) {
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

/** A highlighter that first leaves out the hidden lines, in a book whose tool hides some (`prefixes` given). */
export function withHiddenLines(highlight: Highlight, prefixes: Record<string, string> | undefined): Highlight {
  return prefixes ? (code, info) => highlight(hideLines(code, info, prefixes), info) : highlight;
}
