/**
 * A real Docusaurus site from the corpus (redux-docs, when ../shared/corpus is beside the project): the
 * book's parts and their entries are its sidebar's, read back from the PDF's bookmarks. The test runs
 * the site's sidebars.js to know what the sidebar is; Quire itself never runs it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, epubcheck, pdfOutline, runCli, tempDir } from '../../helpers.ts';

const ARCHIVE = join(ROOT, '..', 'shared', 'corpus', 'redux-docs.tar.gz');

test(
  'redux-docs: parts and their entries as its sidebar gives them, the site’s title, a clean EPUB',
  {
    skip: !existsSync(ARCHIVE) && 'no corpus beside the project',
    timeout: 600_000,
  },
  async () => {
    const dir = await tempDir('quire-redux-');
    await promisify(execFile)('tar', ['xzf', ARCHIVE, '-C', dir]);
    const site = join(dir, 'redux-docs', 'website');
    const sidebar = createRequire(import.meta.url)(join(site, 'sidebars.js')) as {
      docs: Record<string, unknown[]>;
    };
    const built = await runCli(['build', site, '--out', join(dir, 'out')]);
    assert.equal(built.code, 0, built.stderr);
    const outline = await pdfOutline(join(dir, 'out', 'book.pdf'));
    // After the front matter (cover, contents), one bookmark per sidebar category, in its order.
    const parts = Object.keys(sidebar.docs);
    const titles = outline.map((b) => b.title);
    const first = titles.indexOf(parts[0]!);
    assert.ok(first >= 0, `no bookmark “${parts[0]}” in ${JSON.stringify(titles)}`);
    assert.deepEqual(titles.slice(first, first + parts.length), parts);
    for (const [i, part] of parts.entries()) {
      // Links out of the docs (`type: 'link'`) and raw HTML items are not pages of the book.
      const pages = sidebar.docs[part]!.filter(
        (item) => typeof item === 'string' || !['link', 'html'].includes((item as { type?: string }).type ?? ''),
      );
      assert.equal(outline[first + i]!.children.length, pages.length, `entries of “${part}”`);
    }
    const config = (await import('node:fs/promises')).readFile(join(site, 'docusaurus.config.ts'), 'utf8');
    const siteTitle = /\btitle:\s*'([^']+)'/.exec(await config)?.[1];
    const { stdout } = await promisify(execFile)('pdfinfo', [join(dir, 'out', 'book.pdf')]);
    assert.match(stdout, new RegExp(`^Title:\\s+${siteTitle}$`, 'm'));
    const report = await epubcheck(join(dir, 'out', 'book.epub'));
    assert.deepEqual([report.fatals, report.errors, report.warnings], [0, 0, 0], JSON.stringify(report.messages));
  },
);
