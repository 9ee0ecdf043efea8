/**
 * The site's stylesheet as a reader sees it, in headless Chromium: diagrams readable in both themes,
 * and the book's whole title on a phone's header, with the search results opening below it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from '../../../src/index.ts';
import { ROOT, fixture, tempDir } from '../../helpers.ts';

const CHROME = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let page: Page;
before(async () => {
  browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
});
after(() => browser?.close());

describe('diagrams', () => {
  const source = readFileSync(join(fixture('diagrams-math'), 'chapters', '01-diagram.md'), 'utf8');
  const fences = source.match(/^```mermaid$/gm)!.length;
  let url: string;
  before(async () => {
    const out = await tempDir();
    await build({ root: fixture('diagrams-math'), outDir: out, formats: ['html'] });
    url = pathToFileURL(join(out, 'html', '01-diagram.html')).href;
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`every label of every diagram stands out from what is behind it, in the ${scheme} theme`, async () => {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(url);
      // WCAG's contrast ratio of each label's colour against the first opaque background behind its
      // diagram, the lowest of each diagram. (A string: the page has not the helper the TypeScript
      // loader wraps named functions in.)
      const labels = (await page.evaluate(`(() => {
        const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
        const luminance = (colour) => {
          const [r, g, b] = rgb(colour).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const backdrop = (el) => {
          for (; el; el = el.parentElement) {
            const colour = getComputedStyle(el).backgroundColor;
            const alpha = rgb(colour)[3];
            if (alpha === undefined || alpha > 0.9) return colour;
          }
          return 'rgb(255, 255, 255)';
        };
        return [...document.querySelectorAll('figure.diagram svg')].map((svg) => {
          const behind = luminance(backdrop(svg));
          // Each piece of text in the colour of the element holding it (a label's tspan has its own).
          const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
          const held = [];
          while (walker.nextNode()) if (walker.currentNode.textContent.trim()) held.push(walker.currentNode.parentElement);
          const ratios = held
            .filter((t) => !t.closest('style'))
            .map((t) => {
              const fill = luminance(getComputedStyle(t).fill);
              return (Math.max(fill, behind) + 0.05) / (Math.min(fill, behind) + 0.05);
            });
          return Math.min(...ratios);
        });
      })()`)) as number[];
      assert.equal(labels.length, fences, 'one drawing for each mermaid fence');
      for (const [i, ratio] of labels.entries())
        assert.ok(ratio >= 4.5, `diagram ${i + 1}: contrast ${ratio.toFixed(2)}`);
    });
  }
});

describe('on a phone (390 px wide)', () => {
  const title = /^title:\s*(.+)$/m.exec(readFileSync(join(ROOT, 'book.yaml'), 'utf8'))![1]!.trim();
  let url: string;
  before(async () => {
    const out = await tempDir();
    await build({ root: ROOT, outDir: out, formats: ['html'] });
    url = pathToFileURL(join(out, 'html', '07-containers.html')).href;
    await page.emulateMediaFeatures([]);
    await page.setViewport({ width: 390, height: 844 });
  });

  test("the header shows the book's whole title", async () => {
    await page.goto(url);
    // Every line of the title's text within the screen, and within the title's box if that hides overflow.
    const shown = await page.$eval('.site-title', (a) => {
      const range = document.createRange();
      range.selectNodeContents(a);
      const box = a.getBoundingClientRect();
      const hides = getComputedStyle(a).overflow !== 'visible';
      const lines = [...range.getClientRects()];
      return {
        text: (a as HTMLElement).innerText.trim(),
        cut: lines.some(
          (r) =>
            r.left < 0 || r.right > innerWidth || (hides && (r.right > box.right + 0.5 || r.bottom > box.bottom + 2)),
        ),
      };
    });
    assert.deepEqual(shown, { text: title, cut: false });
  });

  test('the search results open below the header', async () => {
    await page.goto(url);
    await page.focus('.search-box');
    await page.evaluate(() => (window as unknown as { quireSearch: { ready(): Promise<void> } }).quireSearch.ready());
    await page.type('.search-box', 'Docker');
    await page.waitForFunction(() => document.getElementById('search-results')?.dataset.query === 'Docker');
    const [header, results] = await page.evaluate(() =>
      ['.site-header', '#search-results'].map((s) => document.querySelector(s)!.getBoundingClientRect().toJSON()),
    );
    assert.ok(results.top >= header.bottom, `results at ${results.top}, header down to ${header.bottom}`);
    assert.ok(results.bottom <= 844, `results end at ${results.bottom}`);
  });
});
