/**
 * The EPUB as readers get it: notes as pop-ups, a cover, images with their media types,
 * raw HTML made valid, remote images only when allowed, and reproducible bytes.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from '../../../src/index.ts';
import type { QuireError, QuireErrors } from '../../../src/util/errors.ts';
import { epubcheck, fixture, readEpub, tempDir, writeBook } from '../../helpers.ts';

async function buildEpub(root: string, env: Record<string, string> = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const outDir = await tempDir();
    const result = await build({ root, outDir, formats: ['epub'] });
    const file = result.files.epub![0]!;
    return { result, file, zip: await readEpub(file) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const text = async (zip: Awaited<ReturnType<typeof readEpub>>, name: string) => zip.file(name)!.async('string');

describe('the edge-case fixture', () => {
  let built: Awaited<ReturnType<typeof buildEpub>>;
  before(async () => {
    built = await buildEpub(fixture('epub-edge'), { SOURCE_DATE_EPOCH: '1700000000' });
  });

  test('footnotes are EPUB 3 notes, numbered through each chapter, with a way back', async () => {
    const source = await readFile(join(fixture('epub-edge'), 'chapters', '02-images.md'), 'utf8');
    const notes = [...source.matchAll(/^\[\^(\w+)\]: (.*)$/gm)].map((m) => m[2]!);
    const xhtml = await text(built.zip, 'OEBPS/02-images.xhtml');
    const refs = [
      ...xhtml.matchAll(
        /<a href="#(fn-[^"]+)" id="(fnref-[^"]+)" epub:type="noteref" role="doc-noteref">\[?(\d+)\]?<\/a>/g,
      ),
    ];
    assert.deepEqual(
      refs.map((r) => r[3]),
      notes.map((_, i) => String(i + 1)),
    );
    for (const [i, ref] of refs.entries()) {
      const aside = new RegExp(
        `<aside id="${ref[1]}" class="footnote-item" epub:type="footnote" role="doc-footnote"><p><span class="footnote-number">${i + 1}\\.</span> ${notes[i]}`,
      );
      assert.match(xhtml, aside, `note ${i + 1}`);
      assert.match(xhtml, new RegExp(`href="#${ref[2]}" class="footnote-backref"`));
    }
  });

  test('PNG, JPEG and SVG images are inside with their media types', async () => {
    const opf = await text(built.zip, 'OEBPS/content.opf');
    for (const [ext, type] of <[string, string][]>[
      ['png', 'image/png'],
      ['jpg', 'image/jpeg'],
      ['svg', 'image/svg+xml'],
    ]) {
      const item = new RegExp(
        `<item id="[^"]+" href="(media/[^"]+\\.${ext})" media-type="${type.replace('+', '\\+')}"/>`,
      ).exec(opf);
      assert.ok(item, `${ext} in the manifest as ${type}`);
      assert.ok(built.zip.file(`OEBPS/${item[1]}`), `${item[1]} in the zip`);
    }
    const svg = await text(built.zip, 'OEBPS/' + /href="(media\/[^"]+\.svg)"/.exec(opf)![1]);
    assert.equal(svg, await readFile(join(fixture('epub-edge'), 'chapters', 'media', 'shape.svg'), 'utf8'));
  });

  test('raw HTML becomes valid XHTML: closed tags, no obsolete attributes, no scripts', async () => {
    const xhtml = await text(built.zip, 'OEBPS/01-raw-html.xhtml');
    assert.doesNotMatch(xhtml, /<script|alert\(|\salign=|\sborder=|cellpadding|<center|<font|\scolor=/);
    assert.match(xhtml, /<img src="media\/[^"]*square\.png" width="64" alt="" \/>/);
    assert.match(xhtml, /Right aligned<br \/>with a break<br \/>/);
    assert.match(xhtml, /<span style="color: darkred">old tags<\/span>/);
    assert.match(xhtml, /[\u4e00-\u9fff]/, 'CJK text is stored as characters');
    assert.doesNotMatch(xhtml, /&#x[0-9A-F]{4};/, 'not as numeric entities');
  });

  test('without a cover file, a cover is drawn, marked as the cover image and shown on a cover page', async () => {
    const opf = await text(built.zip, 'OEBPS/content.opf');
    assert.match(opf, /<item id="cover-image" href="cover\.png" media-type="image\/png" properties="cover-image"\/>/);
    const png = await built.zip.file('OEBPS/cover.png')!.async('uint8array');
    assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(new DataView(png.buffer, png.byteOffset).getUint32(16), 1600, 'drawn 1600 pixels wide');
    assert.match(await text(built.zip, 'OEBPS/cover.xhtml'), /epub:type="cover"[\s\S]*<img src="cover\.png"/);
    assert.match(await text(built.zip, 'OEBPS/toc.xhtml'), /<a epub:type="cover" href="cover\.xhtml">/);
  });

  test('metadata: identifier stable, creators, subjects, rights, modified from SOURCE_DATE_EPOCH', async () => {
    const opf = await text(built.zip, 'OEBPS/content.opf');
    assert.match(opf, /<meta property="dcterms:modified">2023-11-14T22:13:20Z<\/meta>/);
    assert.match(opf, /<dc:identifier id="BookId">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    assert.match(opf, /<dc:creator id="creator1">Second Author<\/dc:creator>/);
    assert.match(opf, /<dc:subject>epub<\/dc:subject>/);
    assert.match(opf, /<dc:rights>CC BY 4.0<\/dc:rights>/);
    assert.match(opf, /<dc:title id="subtitle">EPUB edge cases<\/dc:title>/);
  });

  test('two builds with the same SOURCE_DATE_EPOCH are byte-identical', async () => {
    const again = await buildEpub(fixture('epub-edge'), { SOURCE_DATE_EPOCH: '1700000000' });
    assert.ok((await readFile(built.file)).equals(await readFile(again.file)));
  });
});

describe('cover and remote images', () => {
  let server: Server;
  let base: string;
  let requests = 0;
  before(async () => {
    const png = await readFile(join(fixture('epub-edge'), 'chapters', 'media', 'square.png'));
    server = createServer((req, res) => {
      requests++;
      if (req.url === '/pic.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  test('a remote image is not fetched unless book.yaml allows it: a warning naming file and line, its alt text in the EPUB', async () => {
    const root = await writeBook({
      'book.yaml': 'title: Remote\n',
      'chapters/01.md': `# One\n\nText.\n\n![remote picture](${base}/pic.png)\n`,
    });
    const before = requests;
    const warnings: QuireError[] = [];
    const out = await tempDir();
    await build({ root, outDir: out, formats: ['epub'], onWarning: (w) => warnings.push(w) });
    const remote = warnings.filter((w) => /remote image/.test(w.message));
    assert.equal(remote.length, 1);
    assert.equal(remote[0]!.line, 5);
    assert.match(remote[0]!.message, /remote image .* is not fetched/);
    assert.match(remote[0]!.hint!, /remoteImages: true/);
    assert.equal(requests, before, 'nothing was fetched');
    const zip = await readEpub(join(out, 'book.epub'));
    const xhtml = await text(zip, 'OEBPS/01.xhtml');
    assert.doesNotMatch(xhtml, /<img/);
    assert.match(xhtml, /remote picture/);
  });

  test('allowed, it is fetched once, embedded, and the EPUB passes epubcheck', async () => {
    const root = await writeBook({
      'book.yaml': 'title: Remote\nremoteImages: true\ncover: art/cover.png\n',
      'chapters/01.md': `# One\n\n![remote](${base}/pic.png)\n\nAgain: ![same](${base}/pic.png)\n`,
      'chapters/02.md': `# Two\n\n![remote](${base}/pic.png)\n`,
      'art/cover.png': await readFile(join(fixture('epub-edge'), 'chapters', 'media', 'square.png')),
    });
    const before = requests;
    const { file, zip } = await buildEpub(root);
    assert.ok(requests - before <= 1, `fetched at most once (${requests - before} requests)`);
    const opf = await text(zip, 'OEBPS/content.opf');
    assert.match(opf, /href="cover\.png" media-type="image\/png" properties="cover-image"/);
    assert.match(await text(zip, 'OEBPS/01.xhtml'), /<img src="media\/remote-[0-9a-f]{16}\.png"/);
    const report = await epubcheck(file);
    assert.deepEqual([report.fatals, report.errors, report.warnings], [0, 0, 0], JSON.stringify(report.messages));
  });

  test('a remote image that cannot be fetched is an error naming file and line', async () => {
    const root = await writeBook({
      'book.yaml': 'title: Remote\nremoteImages: true\n',
      'chapters/01.md': `# One\n\n![gone](${base}/missing-${Date.now()}.png)\n`,
    });
    await assert.rejects(build({ root, outDir: await tempDir(), formats: ['html'] }), (e: QuireErrors) => {
      assert.match(e.errors[0]!.message, /could not be fetched: HTTP 404/);
      assert.equal(e.errors[0]!.line, 3);
      return true;
    });
  });
});

test('embedFonts puts the bundled fonts the text needs inside, declared and used, and epubcheck passes', async () => {
  const root = await writeBook({
    'book.yaml': 'title: 字型\nlanguage: zh-Hant\nepub:\n  embedFonts: true\n',
    'chapters/01.md': '# 第一章\n\n中文內容與 `code`。\n',
  });
  const { file, zip } = await buildEpub(root);
  const opf = await text(zip, 'OEBPS/content.opf');
  const fonts = [...opf.matchAll(/href="(fonts\/[^"]+\.woff2)" media-type="font\/woff2"/g)].map((m) => m[1]!);
  assert.ok(fonts.length > 0 && fonts.length < 20, `a few font subsets (${fonts.length})`);
  const cjk = fonts.filter((f) => /noto-(sans|serif)-(sc|tc|hk|jp|kr)-/.test(f));
  assert.ok(cjk.length > 0 && cjk.every((f) => /-tc-/.test(f)), `the book's region, Taiwan: ${cjk.join(' ')}`);
  for (const font of fonts) assert.ok(zip.file(`OEBPS/${font}`), `${font} in the zip`);
  const css = await text(zip, 'OEBPS/style.css');
  for (const font of fonts) assert.ok(css.includes(`url("${font}")`), `${font} used by @font-face`);
  const report = await epubcheck(file);
  assert.deepEqual([report.fatals, report.errors, report.warnings], [0, 0, 0], JSON.stringify(report.messages));
});
