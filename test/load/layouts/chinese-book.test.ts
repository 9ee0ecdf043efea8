/**
 * Acceptance: a Chinese book whose SUMMARY.md lists 200 pages in nested folders, with raw HTML
 * images and GitHub alerts, and no settings file at all, builds with no manual step.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fixture, pdfInfo, squeeze, tempDir } from '../../helpers.ts';
import {
  buildAll,
  checkEpub,
  navTree,
  outlineTree,
  pagesOnly,
  summaryTree,
  titlesIn,
  type Built,
} from '../../support/layout-readers.ts';

describe('a generated Chinese book of 200 pages in SUMMARY.md, with no settings at all', () => {
  const CHAPTERS = 20;
  const PHRASES = [
    '容器把應用程式和它的依賴打包在一起',
    '映像是唯讀的模板，容器是它執行中的實例',
    '每一層只記錄與上一層的差異',
    '網絡驅動決定了容器之間如何通訊',
    '卷讓資料在容器刪除之後仍然保留',
    '編排工具負責在多台主機上調度服務',
    '安全設定應該遵循最小權限原則',
    '這個設計讓部署變得更快也更可靠',
  ];

  /** A deterministic book: chapter folders with a README, seven pages and a sub-folder of two. */
  async function generate(): Promise<{ root: string; pages: number }> {
    const root = await tempDir('quire-zh-');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const prose = (n: number) => Array.from({ length: n }, () => PHRASES[next() % PHRASES.length]).join('，') + '。';
    const files: Record<string, string> = {};
    const summary = ['# 目錄', ''];
    let figure = 0;
    const page = (title: string, up: string) => {
      figure = (figure % 3) + 1;
      return [
        `# ${title}`,
        '',
        prose(6),
        '',
        `<p align="center"><img src="${up}images/圖${figure}.png" alt="${title}的示意圖" width="160"></p>`,
        '',
        '> [!TIP]',
        `> ${prose(2)}`,
        '',
        '## 重點整理',
        '',
        prose(8),
        '',
        '> [!WARNING]',
        `> ${prose(1)}`,
        '',
      ].join('\n');
    };
    for (let c = 1; c <= CHAPTERS; c++) {
      const dir = `第${String(c).padStart(2, '0')}章`;
      files[`${dir}/README.md`] = page(`容器基礎之${c}`, '../');
      summary.push(`* [容器基礎之${c}](${dir}/README.md)`);
      for (let s = 1; s <= 7; s++) {
        files[`${dir}/第${s}節.md`] = page(`${c}.${s} 小節`, '../');
        summary.push(`    * [${c}.${s} 小節](${dir}/第${s}節.md)`);
        if (s === 7) {
          for (let d = 1; d <= 2; d++) {
            files[`${dir}/進階/深入${d}.md`] = page(`${c}.${s}.${d} 深入`, '../../');
            summary.push(`        * [${c}.${s}.${d} 深入](${dir}/進階/深入${d}.md)`);
          }
        }
      }
    }
    files['SUMMARY.md'] = summary.join('\n') + '\n';
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await mkdir(join(root, 'images'));
    for (let i = 1; i <= 3; i++) {
      await copyFile(fixture('features/chapters/img/dot.png'), join(root, 'images', `圖${i}.png`));
    }
    return { root, pages: summary.length - 2 };
  }

  let root: string;
  let pages: number;
  let built: Built;
  before(async () => {
    ({ root, pages } = await generate());
    built = await buildAll(root);
  });

  test('it builds with no manual step: every page in the PDF, the EPUB and the site, nested as listed', async () => {
    assert.equal(pages, 200);
    const info = await pdfInfo(join(built.out, 'book.pdf'));
    assert.ok(Number(info.Pages) >= 200, `${info.Pages} pages`);
    assert.equal(built.html.size, pages + 1, 'a site page per listed page, and the index');
    const expected = summaryTree(await readFile(join(root, 'SUMMARY.md'), 'utf8'));
    assert.equal(titlesIn(expected).length, 200);
    const nav = pagesOnly(navTree(built.epub.get('OEBPS/toc.xhtml')!), new Set(titlesIn(expected)));
    assert.deepEqual(nav, expected);
    assert.deepEqual(pagesOnly(outlineTree(built.outline), new Set(titlesIn(expected))), expected);
  });

  test('title from the first heading, language Traditional Chinese from the text; images and alerts rendered', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">容器基礎之1<\/dc:title>/);
    assert.match(opf, /<dc:language>zh-Hant<\/dc:language>/);
    const images = opf.match(/<item id="(?!cover-image)[^"]*" href="[^"]*" media-type="image\/png"/g) ?? [];
    assert.equal(images.length, 3, 'three images, each once');
    const page = built.html.get([...built.html.keys()].find((k) => k !== 'index.html')!)!;
    assert.match(page, /<img src="assets\/[^"]+\.png"/);
    assert.match(page, /admonition admonition-tip/);
    assert.match(page, /admonition admonition-warning/);
    assert.match(page, /<p class="admonition-title">提示<\/p>/);
  });

  test('running heads: a chapter’s pages carry the book title, a sub-chapter’s its chapter', () => {
    const starts = (prefix: string) => built.pdfText.some((page) => squeeze(page).startsWith(prefix));
    // HonKit numbers nothing: the titles are the book's own, unlabelled.
    assert.ok(starts('容器基礎之1容器基礎之2'), 'chapter 2: book title, then the chapter');
    assert.ok(starts('容器基礎之22.3小節'), 'section 2.3: its chapter, then itself');
    assert.ok(starts('容器基礎之22.7.1深入'), 'two levels down: still the chapter');
    assert.ok(!built.pdfText.some((page) => page.includes('第2章')), 'no label Quire made up');
  });

  test('the EPUB passes epubcheck with no errors and no warnings', () => checkEpub(built));
});
