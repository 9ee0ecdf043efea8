/**
 * Links in books written for mdBook, HonKit and plain folders, as their own tools take them: what
 * those tools accept builds, with a warning naming file and line where something is lost; each
 * link lands where the book's own site would take the reader. Quire's own layout stays strict.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fixture, pdfPages, readEpub, runCli, squeeze, writeBook, type CliResult } from '../helpers.ts';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The href of the first `<a>` whose text is `text`, and the `<a>` tag itself. */
function linkTo(html: string, text: string): { tag: string; href: string | undefined } {
  const match = new RegExp(`(<a\\b[^>]*>)${text}</a>`).exec(html);
  assert.ok(match, `no link with the text “${text}”`);
  return { tag: match[1]!, href: /\shref="([^"]*)"/.exec(match[1]!)?.[1] };
}

/** The id of the heading whose text is `text`. */
function headingId(html: string, text: string): string {
  const match = new RegExp(`<h[1-6][^>]*\\sid="([^"]+)"[^>]*>${text}</h[1-6]>`).exec(html);
  assert.ok(match, `no heading “${text}”`);
  return match[1]!;
}

const PAGES = {
  a: '# Alpha\n\n## Setup\n\nAlpha’s setup.\n\n## getState()\n\nState.\n',
  b: [
    '# Beta',
    '',
    '## Setup',
    '',
    'See [own setup](#setup), [alpha by html](a.html#setup), [alpha folder](sub/index.html) and',
    '[state](a.md#getState), [stale](a.md#gone), [api](../std/marker/trait.Send.html),',
    '[prelude](../preface.md), [demo](demo/README.md), [source](demo/main.rs) and [lost](nowhere.md).',
    '',
    'A badge: ![build status](https://img.example.invalid/badge.svg)',
    '',
    'Later, [by reference][ref].',
    '',
    '<p align="center">Centred, as a README centres.</p>',
    '',
    '[ref]: ../other-book/index.html',
    '',
  ].join('\n'),
  sub: '# Sub\n\nThe sub-chapter.\n',
};

const mdbook = (toml: string) => ({
  'book.toml': `[book]\ntitle = "Links"\nlanguage = "en"\n${toml}`,
  'src/SUMMARY.md': '- [Alpha](a.md)\n- [Beta](b.md)\n  - [Sub](sub/README.md)\n',
  'src/a.md': PAGES.a,
  'src/b.md': PAGES.b,
  'src/sub/README.md': PAGES.sub,
  'src/demo/README.md': '# Demo\n',
  'src/demo/main.rs': 'fn main() {}\n',
});

describe('an mdBook book with links as mdBook takes them', () => {
  let root: string;
  let built: CliResult;
  let site: string;
  before(async () => {
    root = await writeBook(mdbook(''));
    built = await runCli(['build', root, '--format', 'html,epub,pdf', '--verbose']);
    site = await readFile(join(root, 'dist/html/b.html'), 'utf8');
  });

  test('it builds: exit 0', () => assert.equal(built.code, 0, built.stderr));

  test('a link to a section of its own page finds that page’s heading, though another page has one with the same id', async () => {
    const own = linkTo(site, 'own setup').href!;
    assert.equal(own.split('#')[1], headingId(site, 'Setup'));
    const alpha = await readFile(join(root, 'dist/html/a.html'), 'utf8');
    assert.equal(linkTo(site, 'alpha by html').href, `a.html#${headingId(alpha, 'Setup')}`);
  });

  test('`page.html` and `dir/index.html` name the chapters written as page.md and dir/README.md', () => {
    const href = linkTo(site, 'alpha folder').href!;
    assert.match(readFileSync(join(root, 'dist/html', href), 'utf8'), /The sub-chapter\./);
  });

  test('an anchor that differs only in case finds its heading; a stale one links to the page, with a warning', async () => {
    const alpha = await readFile(join(root, 'dist/html/a.html'), 'utf8');
    assert.equal(linkTo(site, 'state').href, `a.html#${headingId(alpha, 'getState\\(\\)')}`);
    assert.equal(linkTo(site, 'stale').href, 'a.html');
    const line = lineOf(PAGES.b, 'a.md#gone');
    assert.match(built.stderr, new RegExp(`warning: .*src/b\\.md:${line}: link to \`a\\.md#gone\`: no heading or id`));
  });

  test('links that leave the book: kept in the site, plain text in the EPUB and PDF, each a warning at its line', async () => {
    assert.equal(linkTo(site, 'api').href, '../std/marker/trait.Send.html');
    const line = lineOf(PAGES.b, 'trait.Send');
    assert.match(
      built.stderr,
      new RegExp(`warning: .*src/b\\.md:${line}: link to \`\\.\\./std/marker/trait\\.Send\\.html\``),
    );
    assert.match(built.stderr, /hint: .*`siteUrl` in book\.toml’s `\[output\.quire\]` table/);
    const epub = await readEpub(join(root, 'dist/book.epub'));
    const xhtml = await epub.file(/b\.xhtml$/)[0]!.async('string');
    assert.equal(linkTo(xhtml, 'api').href, undefined);
    assert.match(squeeze((await pdfPages(join(root, 'dist/book.pdf'))).join('')), /api/);
  });

  test('a reference-style link is reported at the line of its definition', () => {
    const line = lineOf(PAGES.b, '[ref]: ');
    assert.match(built.stderr, new RegExp(`warning: .*src/b\\.md:${line}: link to \`\\.\\./other-book/index\\.html\``));
  });

  test('pages that are not chapters and files of the book: the site links them, the EPUB prints the text', async () => {
    assert.equal(linkTo(site, 'demo').href, 'assets/src/demo/README.md');
    assert.equal(linkTo(site, 'source').href, 'assets/src/demo/main.rs');
    assert.equal(await readFile(join(root, 'dist/html/assets/src/demo/main.rs'), 'utf8'), 'fn main() {}\n');
    assert.match(
      built.stderr,
      new RegExp(`src/b\\.md:${lineOf(PAGES.b, 'demo/README')}: link to \`demo/README\\.md\`, a page`),
    );
    const epub = await readEpub(join(root, 'dist/book.epub'));
    assert.equal(epub.file(/main\.rs$/).length, 0, 'the EPUB does not carry files it only linked to');
    const xhtml = await epub.file(/b\.xhtml$/)[0]!.async('string');
    assert.equal(linkTo(xhtml, 'source').href, undefined);
    assert.match(
      built.stderr,
      new RegExp(
        `src/b\\.md:${lineOf(PAGES.b, 'nowhere.md')}: link to \`nowhere\\.md\` names a file that does not exist`,
      ),
    );
  });

  test('a remote image: the site shows it from its address, the EPUB and PDF print its alt text, one warning', async () => {
    assert.match(site, /<img src="https:\/\/img\.example\.invalid\/badge\.svg" alt="build status"/);
    const epub = await readEpub(join(root, 'dist/book.epub'));
    const xhtml = await epub.file(/b\.xhtml$/)[0]!.async('string');
    assert.doesNotMatch(xhtml, /img\.example\.invalid/);
    assert.match(xhtml, /build status/);
    assert.match(squeeze((await pdfPages(join(root, 'dist/book.pdf'))).join('')), /Abadge:buildstatus/);
    assert.equal(built.stderr.match(/remote image/g)?.length, 1);
  });

  test('quire check reads the book in its layout and lists the same warnings, exit 0', async () => {
    const checked = await runCli(['check', root, '--no-epubcheck', '--verbose']);
    assert.equal(checked.code, 0, checked.stderr);
    const warnings = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('warning:'))
        .sort();
    assert.deepEqual(warnings(checked.stderr), warnings(built.stderr));
    assert.ok(warnings(checked.stderr).length >= 6);
    // Including what the EPUB changes in raw HTML, found without writing one.
    const line = lineOf(PAGES.b, 'align="center"');
    assert.match(checked.stderr, new RegExp(`warning: .*src/b\\.md:${line}: EPUB: .*align`));
  });

  test('--strict turns the warnings into errors: exit 1', async () => {
    const strictCheck = await runCli(['check', root, '--no-epubcheck', '--strict']);
    assert.equal(strictCheck.code, 1);
    assert.match(strictCheck.stderr, /error: .*src\/b\.md:\d+: link to `\.\.\/std/);
    const strictBuild = await runCli(['build', root, '--format', 'html', '--strict', '--out', join(root, 'strict')]);
    assert.equal(strictBuild.code, 1);
    assert.match(strictBuild.stderr, /error: .*an error with --strict/);
  });
});

describe('where a book in another layout keeps its Quire settings', () => {
  const awayHref = async (root: string) => {
    const built = await runCli(['build', root, '--format', 'epub']);
    assert.equal(built.code, 0, built.stderr);
    const epub = await readEpub(join(root, 'dist/book.epub'));
    return linkTo(await epub.file(/b\.xhtml$/)[0]!.async('string'), 'api').href;
  };

  test('mdBook: `[output.html] site-url` or `[output.quire]` siteUrl make leaving links absolute in the EPUB', async () => {
    const viaHtml = await writeBook(mdbook('\n[output.html]\nsite-url = "https://docs.example.org/guide/"\n'));
    assert.equal(await awayHref(viaHtml), 'https://docs.example.org/std/marker/trait.Send.html');
    const viaQuire = await writeBook(mdbook('\n[output.quire]\nsiteUrl = "https://books.example.net/x/"\n'));
    assert.equal(await awayHref(viaQuire), 'https://books.example.net/std/marker/trait.Send.html');
  });

  test('HonKit: `pluginsConfig.quire` in book.json; a SUMMARY.md-only book: quire.yaml', async () => {
    const pages = { 'SUMMARY.md': '- [Alpha](a.md)\n- [Beta](b.md)\n', 'a.md': PAGES.a, 'b.md': PAGES.b };
    const json = await writeBook({
      ...pages,
      'book.json': JSON.stringify({ title: 'J', pluginsConfig: { quire: { siteUrl: 'https://h.example.org/j/' } } }),
    });
    assert.equal(await awayHref(json), 'https://h.example.org/std/marker/trait.Send.html');
    const yaml = await writeBook({ ...pages, 'quire.yaml': 'siteUrl: https://y.example.org/k/\n' });
    assert.equal(await awayHref(yaml), 'https://y.example.org/std/marker/trait.Send.html');
  });

  test('a mistake in those settings names the file and the key', async () => {
    const root = await writeBook({ ...mdbook('\n[output.quire]\nremoteImages = "yes"\n') });
    const built = await runCli(['build', root, '--format', 'html']);
    assert.equal(built.code, 1);
    assert.match(built.stderr, /book\.toml: `remoteImages`: .*\n\s+hint: .*\[output\.quire\]/);
  });
});

test('Quire’s own layout keeps its strict checks: a link to a missing section is an error', async () => {
  const root = await writeBook({
    'book.yaml': 'title: Strict\n',
    'chapters/01-a.md': '# A\n\n## Setup\n',
    'chapters/02-b.md': '# B\n\nSee [gone](01-a.md#gone).\n',
  });
  const built = await runCli(['build', root, '--format', 'html']);
  assert.equal(built.code, 1);
  assert.match(built.stderr, /error: .*chapters\/02-b\.md:3: link to `01-a\.md#gone`: no heading or id `gone`/);
});

test('raw <img> with single-quoted addresses: the local one packaged, the remote one its alt text, no quire: URL left', async () => {
  const png = await readFile(join(fixture('epub-edge'), 'chapters', 'media', 'square.png'));
  const root = await writeBook({
    'book.toml': '[book]\ntitle = "Quotes"\n',
    'src/SUMMARY.md': '- [A](a.md)\n',
    'src/a.md':
      "# A\n\n<img src='pic.png' alt='local one' width='50%' />\n\n<img src='https://img.example.invalid/x.png' alt='far one' />\n",
    'src/pic.png': png,
  });
  const built = await runCli(['build', root, '--format', 'epub']);
  assert.equal(built.code, 0, built.stderr);
  const epub = await readEpub(join(root, 'dist/book.epub'));
  const xhtml = await epub.file(/a\.xhtml$/)[0]!.async('string');
  assert.doesNotMatch(xhtml, /quire:/);
  assert.match(xhtml, /<img src="media\/[^"]*pic\.png"[^>]*alt="local one"/);
  assert.match(xhtml, /far one/);
  assert.doesNotMatch(xhtml, /img\.example\.invalid/);
});
