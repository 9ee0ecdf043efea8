/**
 * Which tool's layout a book folder is in, from the files at its root:
 * book.yaml (Quire) > book.toml (mdBook) > book.json or book.js (HonKit) > SUMMARY.md (HonKit) or
 * src/SUMMARY.md (mdBook) > chapters/ (Quire, without its book.yaml: an error says so) > a Docusaurus
 * site (docusaurus.config.*, whose docs folder the config names) > a docs/ folder > the folder itself as
 * a docs folder, with the site beside it (in its parent or a sibling `website/`) when there is one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type Layout =
  | { kind: 'quire' }
  | { kind: 'summary'; tool: 'mdbook' | 'honkit'; settingsFile: string | undefined }
  /** `docsDir` undefined: the site's config says where its docs are. */
  | { kind: 'docusaurus'; siteDir: string | undefined; docsDir: string | undefined };

export function detectLayout(root: string): Layout {
  const has = (name: string) => existsSync(join(root, name));
  if (has('book.yaml')) return { kind: 'quire' };
  if (has('book.toml')) return { kind: 'summary', tool: 'mdbook', settingsFile: join(root, 'book.toml') };
  if (has('book.json')) return { kind: 'summary', tool: 'honkit', settingsFile: join(root, 'book.json') };
  if (has('book.js')) return { kind: 'summary', tool: 'honkit', settingsFile: join(root, 'book.js') };
  if (has('SUMMARY.md')) return { kind: 'summary', tool: 'honkit', settingsFile: undefined };
  if (has('src/SUMMARY.md')) return { kind: 'summary', tool: 'mdbook', settingsFile: undefined };
  // A Quire book whose book.yaml is missing still has chapters/: say what is missing.
  if (has('chapters')) return { kind: 'quire' };
  if (isSite(root)) return { kind: 'docusaurus', siteDir: root, docsDir: undefined };
  const sidebars = readdirSync(root).some((n) => /^sidebars\./.test(n));
  if (has('docs') && (sidebars || !hasPagesAtTop(root)))
    return { kind: 'docusaurus', siteDir: sidebars ? root : undefined, docsDir: join(root, 'docs') };
  const siteDir = [join(root, '..'), join(root, '..', 'website')].find(isSite);
  return { kind: 'docusaurus', siteDir, docsDir: root };
}

const isSite = (dir: string) => existsSync(dir) && readdirSync(dir).some((n) => /^docusaurus\.config\./.test(n));

function hasPagesAtTop(dir: string): boolean {
  return readdirSync(dir).some((n) => /\.mdx?$/i.test(n));
}
