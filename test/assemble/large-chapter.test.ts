/**
 * Very long chapters: parsed in pieces (src/render/segments.ts) to exactly the HTML of a whole
 * parse, assembled and converted to XHTML in pieces (src/assemble/pieces.ts) to exactly the
 * documents of a whole, and a 10 MB chapter builds within the benchmark's memory goal of 400 MB.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { epubChapters } from '../../src/assemble/documents.ts';
import { sitePages } from '../../src/assemble/site-pages.ts';
import { facesFor, facesForPieces, textOf, textsOf } from '../../src/assemble/fonts.ts';
import { documentHash, documentPieces, documentText, LONG_CHARS } from '../../src/assemble/pieces.ts';
import { loadTemplates } from '../../src/assemble/templates.ts';
import { chapterMeta, chapterView, pageView } from '../../src/assemble/view.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { toXhtml, toXhtmlPieces } from '../../src/outputs/epub/xhtml.ts';
import { createMarkdown } from '../../src/render/markdown.ts';
import { renderBook } from '../../src/render/render-book.ts';
import type { RenderEnv } from '../../src/render/render-env.ts';
import { segments } from '../../src/render/segments.ts';
import { FIXTURES, ROOT, compiledCli, tempDir, writeBook } from '../helpers.ts';

/** Every fixture chapter (fences, admonitions, raw HTML, lists, tables) as one long body, without footnotes. */
function longBody(): string {
  const parts: string[] = [];
  for (const name of readdirSync(FIXTURES)) {
    const dir = join(FIXTURES, name, 'chapters');
    if (!existsSync(dir)) continue; // books in other layouts (mdBook, HonKit, Docusaurus)
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')))
      parts.push(readFileSync(join(dir, file), 'utf8').replace(/^---[\s\S]*?\n---\n/, ''));
  }
  const tricky = [
    '```md\n\n## Not a heading: inside a fence\n\n```',
    ':::note\n\n## A heading inside an admonition\n\nText.\n\n:::',
    '<pre>\n\n## Inside raw pre\n\n</pre>',
    '<!--\n\n## Inside a comment\n\n-->',
    '- a list\n\n## ends at a heading',
    '> a quote\n\n## ends at a heading too',
  ].join('\n\n');
  const text = `${parts.join('\n\n')}\n\n${tricky}\n\n`.replace(/\[\^[^\]]+\]:?/g, '');
  return Array.from({ length: 12 }, (_, i) => text.replace(/\{#([^}\s]+)/g, `{#$1-${i}`)).join('\n\n');
}

function render(body: string, pieces: { text: string; line?: number }[]): string {
  const md = createMarkdown('en');
  const env = {
    chapter: { id: 'c', file: '/book/chapters/c.md', relPath: 'c.md', body, bodyLineOffset: 0 },
    docId: 'c',
    bookRoot: '/book',
    remoteImages: true,
    chaptersByFile: new Map(),
    byRoute: new Map(),
    strict: true,
    siteUrl: undefined,
    settingsHint: 'in book.yaml',
    assets: new Map(),
    anchorRefs: [],
    errors: [],
    warnings: [],
    markdownItAnchor: { slugs: {} },
  } as unknown as RenderEnv;
  // As render-book.ts does: each piece's lines are counted from its own start in the chapter.
  return pieces
    .map((p) => {
      env.chapter = { ...env.chapter, body: p.text, bodyLineOffset: p.line ?? 0 };
      return md.render(p.text, env);
    })
    .join('');
}

test('a long chapter parsed in pieces gives the HTML of a whole parse', () => {
  const body = longBody();
  const pieces = segments(body, 4096);
  assert.ok(pieces.length >= 12, `cut into ${pieces.length} pieces`);
  assert.equal(pieces.map((p) => p.text).join(''), body);
  for (const p of pieces.slice(1)) assert.match(p.text, /^#{1,6}\s/, 'every piece starts at a heading');
  assert.equal(render(body, pieces), render(body, [{ text: body }]));
  // Footnotes and link definitions apply to the whole chapter: such a chapter is not cut.
  assert.equal(segments(`${body}\n\n[ref]: https://example.com\n`, 4096).length, 1);
});

test('a long chapter’s site page and EPUB document, made in pieces, are those of a whole', async () => {
  const root = await writeBook({
    'book.yaml': 'title: Long\nlanguage: zh-Hant\n',
    'chapters/01-long.md': '# Long\n\nText.\n',
    'chapters/02-other.md': '# Other\n\n## Target\n\nText.\n',
  });
  const rendered = await renderBook(await loadBook({ root }));
  const templates = await loadTemplates(root);
  // Links to another chapter and to an image, as render leaves them for each output to resolve.
  const links =
    '<p><a href="quire:chapter/02-other#target">其他</a> <img src="quire:asset/chapters/a.png" alt=""></p>\n';
  const long = rendered.chapters[0]!;
  long.html = render(longBody(), [{ text: longBody() }]).replace(/<\/h2>\n/g, (h) => h + links);
  assert.ok(long.html.length > 4 * LONG_CHARS);
  const urls = { chapter: (id: string, a?: string) => `${id}.x${a ? `#${a}` : ''}`, asset: (p: string) => `m/${p}` };

  const page = sitePages(rendered, templates, urls)[1]!.html;
  assert.ok(typeof page !== 'string' && page.body.length > 1, 'the page is in pieces');
  const whole = templates.render('layout.hbs', {
    ...pageView(rendered, urls),
    assets: 'assets/',
    chapter: chapterView(rendered, long, urls),
    next: { href: urls.chapter('02-other'), title: chapterMeta(rendered, rendered.chapters[1]!).fullTitle },
  });
  assert.equal(documentText(page), whole);
  assert.equal(documentHash(page), createHash('sha1').update(whole).digest('hex'));
  assert.deepEqual(facesForPieces(textsOf(documentPieces(page))), facesFor(textOf(whole)));

  // Watch mode's memo: a page whose chapter and view are unchanged is not assembled again.
  const memo = { last: new Map(), next: new Map() };
  const first = sitePages(rendered, templates, urls, memo)[1]!;
  const again = sitePages(rendered, templates, urls, { last: memo.next, next: new Map() })[1]!;
  assert.equal(again.html, first.html);
  assert.equal(again.hash, documentHash(page));

  const xhtml = epubChapters(rendered, templates, urls)[0]!.html;
  assert.ok(typeof xhtml !== 'string' && xhtml.body.length > 1, 'the EPUB document is in pieces');
  assert.equal([...toXhtmlPieces(xhtml)].join(''), toXhtml(documentText(xhtml)));
  assert.ok(!documentText(xhtml).includes('quire:'));
});

test('a 10 MB chapter builds, with Node’s peak memory under 400 MB', { timeout: 300_000 }, async (t) => {
  const root = await tempDir();
  await mkdir(join(root, 'chapters'));
  await writeFile(join(root, 'book.yaml'), 'title: Ten Megabytes\nlanguage: zh-Hant\n');
  const para =
    'Containers share the host kernel 容器共享主機的核心，因此啟動很快。 Images are built from layers, each a set of file changes. '.repeat(
      4,
    );
  const blocks: string[] = ['# A very long chapter', ''];
  for (let n = 1, size = 0; size < 10 * 1024 * 1024; n++) {
    const block = [
      `## Section ${n}`,
      para,
      '```bash',
      `docker run --rm -it alpine:3.20 sh -c "echo ${n}"`,
      '```',
      `- item ${n}\n- item with \`code\``,
      `| a | b |\n| - | - |\n| ${n} | x |`,
      '',
    ].join('\n\n');
    blocks.push(block);
    size += Buffer.byteLength(block);
  }
  await writeFile(join(root, 'chapters', '01-long.md'), blocks.join('\n'));
  // With V8's default settings: it collects lazily while memory is plentiful, so garbage counts too.
  // The compiled command, as the package runs it: a clone's TypeScript loader adds some 40 MB of its own.
  const quire = await compiledCli();
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', join(ROOT, 'test', 'support', 'report-rss.mjs'), ...quire, 'build', root, '--format', 'html,epub'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const kb = Number(/quire-peak-rss-kb (\d+)/.exec(stderr)?.[1]);
  assert.ok(kb > 0, stderr);
  t.diagnostic(`peak RSS ${Math.round(kb / 1024)} MB`);
  assert.ok(kb < 400 * 1024, `peak RSS ${Math.round(kb / 1024)} MB`);
  assert.ok(readFileSync(join(root, 'dist', 'html', '01-long.html'), 'utf8').includes('Section 1000'));
});
