/**
 * Very long chapters: parsed in pieces (src/render/segments.ts) to exactly the HTML of a whole
 * parse, and a 10 MB chapter builds within the benchmark's memory goal of 400 MB.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createMarkdown } from '../src/render/markdown.ts';
import type { RenderEnv } from '../src/render/render-env.ts';
import { segments } from '../src/render/segments.ts';
import { FIXTURES, ROOT, tempDir } from './helpers.ts';

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
    assets: new Map(),
    anchorRefs: [],
    errors: [],
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

test('a 10 MB chapter builds, with Node’s peak memory under 400 MB', { timeout: 300_000 }, async () => {
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
  // V8 collects lazily while memory is plentiful; --optimize-for-size makes it collect as it goes,
  // so the peak measures what the build needs rather than how much garbage V8 let pile up.
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [
      '--optimize-for-size',
      '--import',
      join(ROOT, 'test', 'support', 'report-rss.mjs'),
      join(ROOT, 'src', 'bin.js'),
      'build',
      root,
      '--format',
      'html,epub',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const kb = Number(/quire-peak-rss-kb (\d+)/.exec(stderr)?.[1]);
  assert.ok(kb > 0, stderr);
  assert.ok(kb < 400 * 1024, `peak RSS ${Math.round(kb / 1024)} MB`);
  assert.ok(readFileSync(join(root, 'dist', 'html', '01-long.html'), 'utf8').includes('Section 1000'));
});
