/** Printing is contained: nothing outside the book is fetched, and every attempt is reported. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { build } from '../../src/index.ts';
import type { QuireError } from '../../src/util/errors.ts';
import { fixture, pdfPages, tempDir, writeBook } from '../helpers.ts';

/** A local server that counts the requests it receives: a contained print makes none. */
async function countingServer() {
  const counted = { requests: 0, port: 0, close: () => server.close() };
  const server = createServer((_, res) => {
    counted.requests++;
    res.end('x');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  counted.port = (server.address() as AddressInfo).port;
  return counted;
}

test('raw HTML reaching for the network or files outside the book loads nothing and is reported', async () => {
  const server = await countingServer();
  const port = server.port;
  try {
    const root = await writeBook({
      'book.yaml': 'title: Contained\n',
      'outside.txt': 'not a chapter',
      'chapters/01.md': [
        '# One',
        '',
        'Safe text.',
        '',
        `<iframe src="http://127.0.0.1:${port}/frame"></iframe>`,
        '',
        `<div style="background: url(http://127.0.0.1:${port}/bg.png)">styled</div>`,
        '',
        '<iframe src="file:///etc/passwd"></iframe>',
        '',
        '<object data="../../../../../etc/hostname"></object>',
        '',
        `<object data="http://127.0.0.1:${port}/x"></object>`,
        '',
        '<object data="../../outside.png"></object>',
        '',
      ].join('\n'),
    });
    const warnings: QuireError[] = [];
    const outDir = await tempDir();
    const result = await build({ root, outDir, formats: ['pdf'], onWarning: (w) => warnings.push(w) });
    assert.equal(server.requests, 0, 'the local server saw no request');
    const reported = warnings.map((w) => w.message).join('\n');
    // Iframes print as their addresses (never loaded); what else reaches out is blocked and reported.
    for (const url of [
      `http://127.0.0.1:${port}/bg.png`,
      '/etc/hostname',
      `http://127.0.0.1:${port}/x`,
      '/outside.png',
    ]) {
      assert.ok(reported.includes(url), `${url} reported:\n${reported}`);
    }
    const text = (await pdfPages(result.files.pdf![0]!)).join('\n');
    assert.match(text, /Safe text/);
    assert.ok(text.includes(`http://127.0.0.1:${port}/frame`) && text.includes('file:///etc/passwd'), text);
    assert.doesNotMatch(text, /root:x:0:0/);
  } finally {
    server.close();
  }
});

test('the handouts and the EPUB’s drawn cover are contained too', async () => {
  const server = await countingServer();
  const port = server.port;
  try {
    const root = await writeBook({
      'book.yaml': 'title: Contained Too\n',
      // The cover partial is drawn by the browser for the EPUB's cover.
      'templates/partials/cover.hbs': `<section class="cover"><h1>{{book.title}}</h1><img src="http://127.0.0.1:${port}/cover.png"></section>\n`,
      'chapters/01.md': `# One\n\nHandout text.\n\n<iframe src="http://127.0.0.1:${port}/handout"></iframe>\n`,
    });
    const warnings: QuireError[] = [];
    const result = await build({
      root,
      outDir: await tempDir(),
      formats: ['epub'],
      handouts: true,
      onWarning: (w) => warnings.push(w),
    });
    assert.equal(server.requests, 0, 'the local server saw no request');
    const reported = warnings.map((w) => w.message).join('\n');
    assert.ok(reported.includes(`http://127.0.0.1:${port}/cover.png`), `the cover's request reported:\n${reported}`);
    assert.ok(reported.includes(`http://127.0.0.1:${port}/handout`), `the handout's request reported:\n${reported}`);
    assert.match((await pdfPages(result.files.handouts![0]!)).join('\n'), /Handout text/);
  } finally {
    server.close();
  }
});

test('a diagram whose source reaches for the network loads nothing while drawn or printed', async () => {
  const server = await countingServer();
  const url = `http://127.0.0.1:${server.port}`;
  try {
    const root = await writeBook({
      'book.yaml': 'title: Contained diagram\n',
      'chapters/01.md': [
        '# One',
        '',
        '```mermaid',
        'flowchart LR',
        `  A["<img src='${url}/label.png'> ${Date.now()}"] --> B`,
        `  click A "${url}/click"`,
        '```',
        '',
      ].join('\n'),
    });
    const result = await build({ root, outDir: await tempDir(), formats: ['html', 'pdf'] });
    assert.ok(result.files.pdf);
    assert.equal(server.requests, 0, 'the local server saw no request');
  } finally {
    server.close();
  }
});

/** The images pdfimages lists in a PDF: one line each after its two header lines. */
async function imagesIn(file: string): Promise<number> {
  const { stdout } = await promisify(execFile)('pdfimages', ['-list', file]);
  return stdout.trim().split('\n').length - 2;
}

test('a book in a folder named with spaces, brackets and CJK prints its images; a link in it leading out loads nothing', async () => {
  const parent = await tempDir();
  // Characters that are special in the browser's URL patterns, in the book's own folder name.
  const root = join(parent, "書 (draft) +1 {x}: a*b 'q' [c]^d|e");
  await mkdir(join(root, 'chapters', 'img'), { recursive: true });
  const dot = fixture('features/chapters/img/dot.png');
  await copyFile(dot, join(root, 'chapters', 'img', 'dot.png'));
  await copyFile(dot, join(parent, 'secret.png'));
  await symlink(join(parent, 'secret.png'), join(root, 'chapters', 'img', 'link.png'));
  const link = pathToFileURL(join(root, 'chapters', 'img', 'link.png')).href;
  await writeFile(join(root, 'book.yaml'), 'title: Contained Folder\n');
  await writeFile(
    join(root, 'chapters', '01.md'),
    `# One\n\n![dot](img/dot.png)\n\n<div style="background: url(&quot;${link}&quot;); height: 4em">linked</div>\n`,
  );
  const warnings: QuireError[] = [];
  const result = await build({ root, outDir: await tempDir(), formats: ['pdf'], onWarning: (w) => warnings.push(w) });
  const reported = warnings.map((w) => w.message);
  assert.deepEqual(reported, [`the print page asked for \`${link}\`, outside the book: blocked`]);
  assert.equal(await imagesIn(result.files.pdf![0]!), 1, 'the book’s image, not the one the link leads to');
});
