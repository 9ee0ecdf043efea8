/**
 * Which tool's layout a book folder is in, from the files at its root:
 * book.yaml (Quire) > book.toml (mdBook) > book.json (HonKit) > SUMMARY.md (HonKit) or
 * src/SUMMARY.md (mdBook) > chapters/ (Quire, without its book.yaml: an error says so) > a Docusaurus
 * site's docs/ folder > the folder itself as a docs folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Layout =
  | { kind: 'quire' }
  | { kind: 'summary'; tool: 'mdbook' | 'honkit'; settingsFile: string | undefined }
  | { kind: 'docusaurus'; docsDir: string };

export function detectLayout(root: string): Layout {
  const has = (name: string) => existsSync(join(root, name));
  if (has('book.yaml')) return { kind: 'quire' };
  if (has('book.toml')) return { kind: 'summary', tool: 'mdbook', settingsFile: join(root, 'book.toml') };
  if (has('book.json')) return { kind: 'summary', tool: 'honkit', settingsFile: join(root, 'book.json') };
  if (has('SUMMARY.md')) return { kind: 'summary', tool: 'honkit', settingsFile: undefined };
  if (has('src/SUMMARY.md')) return { kind: 'summary', tool: 'mdbook', settingsFile: undefined };
  // A Quire book whose book.yaml is missing still has chapters/: say what is missing.
  if (has('chapters')) return { kind: 'quire' };
  const site = readdirSync(root).some((n) => /^docusaurus\.config\.|^sidebars\./.test(n));
  if (has('docs') && (site || !hasPagesAtTop(root))) return { kind: 'docusaurus', docsDir: join(root, 'docs') };
  return { kind: 'docusaurus', docsDir: root };
}

function hasPagesAtTop(dir: string): boolean {
  return readdirSync(dir).some((n) => /\.mdx?$/i.test(n));
}
