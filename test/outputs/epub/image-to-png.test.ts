/**
 * Images a browser shows but an EPUB cannot hold (WebP, AVIF, BMP): packaged in the EPUB as PNG of
 * the same size, drawn by the build's browser, so the EPUB shows what the site and the PDF show.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageSize } from 'image-size';
import puppeteer from 'puppeteer-core';
import { build } from '../../../src/index.ts';
import { epubcheck, readEpub, tempDir, writeBook } from '../../helpers.ts';

/** A real WebP file, encoded by Chromium from a canvas of the given size. */
async function webp(width: number, height: number): Promise<Buffer> {
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const url = await page.evaluate(
      (w, h) => {
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [w, h];
        const g = canvas.getContext('2d')!;
        g.fillStyle = '#c03';
        g.fillRect(0, 0, w / 2, h);
        return canvas.toDataURL('image/webp');
      },
      width,
      height,
    );
    assert.match(url, /^data:image\/webp;base64,/, 'Chromium encodes WebP');
    return Buffer.from(url.split(',')[1]!, 'base64');
  } finally {
    await browser.close();
  }
}

test(
  'a WebP image is packaged in the EPUB as a PNG of the same size, and epubcheck passes',
  { timeout: 120_000 },
  async () => {
    const root = await writeBook({
      'book.yaml': 'title: Pictures\nlanguage: en\n',
      'chapters/01-one.md': '# One\n\n![A half-red square](../img/square.webp)\n',
      'img/square.webp': await webp(120, 80),
    });
    const outDir = await tempDir();
    const warnings: string[] = [];
    const { files } = await build({
      root,
      outDir,
      formats: ['epub'],
      cache: false,
      onWarning: (w) => warnings.push(w.message),
    });
    assert.deepEqual(warnings, []);
    const epub = files.epub![0]!;
    const zip = await readEpub(epub);
    const pngs = Object.keys(zip.files).filter((f) => /media\/.*square.*\.png$/.test(f));
    assert.equal(pngs.length, 1, Object.keys(zip.files).join(', '));
    const png = await zip.file(pngs[0]!)!.async('uint8array');
    assert.deepEqual(imageSize(png), { height: 80, width: 120, type: 'png' });
    const chapter = Object.keys(zip.files).find((f) => f.endsWith('.xhtml') && /one/.test(f))!;
    const xhtml = await zip.file(chapter)!.async('string');
    assert.match(
      xhtml,
      new RegExp(
        `<img[^>]+src="${pngs[0]!.replace(/^.*?media\//, 'media/').replace('.', '\\.')}"[^>]*alt="A half-red square"`,
      ),
    );
    const report = await epubcheck(epub);
    assert.equal(report.fatals + report.errors + report.warnings, 0, JSON.stringify(report.messages.slice(0, 3)));
    const opf = Object.keys(zip.files).find((f) => f.endsWith('.opf'))!;
    assert.doesNotMatch(await zip.file(opf)!.async('string'), /webp/, 'no WebP in the package');
  },
);
