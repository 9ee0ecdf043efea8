/**
 * The site as a reader uses it, in headless Chromium, opened from file:// and from the preview
 * server: search (Chinese phrases, Latin words in any case, results that land on their section),
 * the sidebar, the menu button on a phone, the themes, the downloads, and axe-core's accessibility
 * rules; and in watch mode, a word added by a save is found without reloading the page.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, cp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build, type BuildResult } from '../../../src/index.ts';
import { startPreviewServer, type PreviewServer } from '../../../src/watch/preview-server.ts';
import { watch, type Watcher } from '../../../src/watch/watch.ts';
import type { QuireErrors } from '../../../src/util/errors.ts';
import { ROOT, fixture, tempDir } from '../../helpers.ts';

const CHROME = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A chapter's prose lines from its Markdown: no front matter, code blocks, headings or tables. */
function proseLines(markdown: string): { line: string; heading: string }[] {
  const lines: { line: string; heading: string }[] = [];
  let fenced = false;
  let heading = '';
  for (const line of markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (fenced) continue;
    else if (/^#{2,4} /.test(line)) heading = line.replace(/^#+ /, '').replace(/\s*\{[^}]*\}\s*$/, '');
    else if (/^[^|#<:>!\s-]/.test(line)) lines.push({ line, heading });
  }
  return lines;
}

const chapterText = (name: string) => readFileSync(join(ROOT, 'chapters', name), 'utf8');
const CHAPTER = '07-containers.md';
const everything = chapterText(CHAPTER);

/** Six Han characters from a prose line of one chapter that no other chapter has, and their section. */
function uniquePhrase(): { phrase: string; heading: string } {
  const others = readdirSync(join(ROOT, 'chapters'))
    .filter((f) => f.endsWith('.md') && f !== CHAPTER)
    .map(chapterText)
    .join('\n');
  for (const { line, heading } of proseLines(everything)) {
    if (!heading) continue;
    for (const run of line.match(/\p{sc=Han}{6,}/gu) ?? []) {
      const phrase = run.slice(0, 6);
      if (!others.includes(phrase) && everything.split(phrase).length === 2) return { phrase, heading };
    }
  }
  throw new Error(`no phrase of six Han characters found in ${CHAPTER} alone`);
}

/**
 * Three Han characters whose two pairs one line of the chapter holds apart, and which no chapter
 * holds together: the index finds the section by its pairs, and only its text can rule it out.
 */
function pairsApart(): string {
  const all = readdirSync(join(ROOT, 'chapters'))
    .filter((f) => f.endsWith('.md'))
    .map(chapterText)
    .join('\n');
  for (const { line } of proseLines(everything)) {
    const chars = Array.from(line);
    for (let i = 0; i + 1 < chars.length; i++) {
      const [a, b] = [chars[i]!, chars[i + 1]!];
      if (!/\p{sc=Han}{2}/u.test(a + b)) continue;
      for (let j = i + 2; j + 1 < chars.length; j++) {
        if (chars[j] === b && /\p{sc=Han}/u.test(chars[j + 1]!) && !all.includes(a + b + chars[j + 1])) {
          return a + b + chars[j + 1];
        }
      }
    }
  }
  throw new Error(`no pairs apart in ${CHAPTER}`);
}

/** The chapter file after `name` in the book (the sample orders chapters by their file names). */
function chapterAfter(name: string): string {
  const files = readdirSync(join(ROOT, 'chapters'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  return files[files.indexOf(name) + 1]!;
}

/** A chapter's handout's name: its place in the book, then its file name without the number. */
function handoutOf(name: string): string {
  const files = readdirSync(join(ROOT, 'chapters'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  return `${String(files.indexOf(name) + 1).padStart(2, '0')}-${name.replace(/^[\d-]+/, '').replace(/\.md$/, '')}.pdf`;
}

/** A Latin word of at least seven letters from 05-engine.md's prose. */
function latinWord(): string {
  for (const { line } of proseLines(chapterText('05-engine.md'))) {
    const word = line.replace(/`[^`]*`/g, '').match(/\b[A-Za-z]{7,}\b/)?.[0];
    if (word) return word;
  }
  throw new Error('no Latin word in 05-engine.md');
}

async function typeQuery(page: Page, query: string): Promise<void> {
  await page.focus('.search-box');
  await page.evaluate(() => (window as unknown as { quireSearch: { ready(): Promise<void> } }).quireSearch.ready());
  await page.evaluate(() => ((document.querySelector('.search-box') as HTMLInputElement).value = ''));
  await page.type('.search-box', query);
  await page.waitForFunction((q) => document.getElementById('search-results')?.dataset.query === q, {}, query);
}

const results = (page: Page) =>
  page.$$eval('#search-results li a', (links) =>
    links.map((a) => ({
      href: (a as HTMLAnchorElement).href,
      where: a.querySelector('.search-where')!.textContent!,
      marks: [...a.querySelectorAll('mark')].map((m) => m.textContent!),
    })),
  );

/** The relative luminance of the body's background, 0 (black) to 1 (white). */
const background = (page: Page) =>
  page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  });

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(c: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  return violations;
}

let out: string;
let built: BuildResult;
let browser: Browser;
let preview: PreviewServer;

before(async () => {
  out = await tempDir('quire-reader-');
  built = await build({ root: ROOT, outDir: out, formats: ['html', 'pdf', 'epub'], handouts: true });
  const downloads = { pdf: () => built.files.pdf?.[0], epub: () => built.files.epub?.[0] };
  preview = await startPreviewServer({
    siteDir: join(out, 'html'),
    handoutsDir: join(out, 'handouts'),
    ...{ downloads, host: '127.0.0.1', port: 0 },
  });
  browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
after(async () => {
  await browser?.close();
  await preview?.close();
});

for (const via of ['file', 'preview'] as const) {
  describe(`the site from ${via === 'file' ? 'file://' : 'the preview server'}`, () => {
    const url = (page: string) =>
      via === 'file' ? pathToFileURL(join(out, 'html', page)).href : new URL(page, preview.url).href;
    let page: Page;
    before(async () => {
      page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
    });
    after(() => page?.close());

    test('a Chinese phrase from one chapter lists its section first, and the link lands on it', async () => {
      const { phrase, heading } = uniquePhrase();
      await page.goto(url('index.html'));
      await typeQuery(page, phrase);
      const [first] = await results(page);
      assert.ok(first, `no result for ${phrase}`);
      assert.match(first.href, /07-containers\.html#/);
      assert.ok(first.where.endsWith(heading), `${first.where} names the section ${heading}`);
      assert.ok(first.marks.includes(phrase), `the snippet marks ${phrase}: ${first.marks.join(' ')}`);
      await Promise.all([page.waitForNavigation(), page.click('#search-results li a')]);
      const target = await page.evaluate(() => {
        const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        return { tag: el?.tagName, text: el?.firstChild?.textContent?.trim(), page: location.pathname };
      });
      assert.match(target.tag ?? '', /^H[2-4]$/);
      assert.equal(target.text, heading);
      assert.match(target.page, /07-containers\.html$/);
    });

    test('a phrase whose pairs a section holds only apart is not listed; one character is found', async () => {
      const phrase = pairsApart();
      await page.goto(url('index.html'));
      await typeQuery(page, phrase);
      assert.deepEqual(await results(page), [], `${phrase} is nowhere in the book`);
      const one = Array.from(phrase)[1]!;
      await typeQuery(page, one);
      const found = await results(page);
      assert.ok(found.length > 0, `no result for ${one}`);
      for (const r of found) assert.ok(r.marks.includes(one), `${r.where} marks ${one}`);
    });

    test("a phrase's sections are listed from the index before any text arrives; those the text rules out go", async () => {
      const phrase = pairsApart();
      await page.goto(url('index.html'));
      await page.focus('.search-box');
      await page.evaluate(() => (window as unknown as { quireSearch: { ready(): Promise<void> } }).quireSearch.ready());
      // The first drawing, and how many chapters' texts had arrived by then.
      const first = await page.evaluate((q) => {
        const search = (window as unknown as { quireSearch: { text(...args: unknown[]): void } }).quireSearch;
        let texts = 0;
        const text = search.text.bind(search);
        search.text = (...args) => {
          texts++;
          text(...args);
        };
        const panel = document.getElementById('search-results')!;
        const box = document.querySelector('.search-box') as HTMLInputElement;
        box.value = q;
        box.dispatchEvent(new InputEvent('input', { bubbles: true }));
        return {
          shown: panel.dataset.shown,
          texts,
          listed: [...panel.querySelectorAll('li')].map((li) => ({
            href: li.querySelector('a')!.href,
            unconfirmed: li.classList.contains('search-unconfirmed'),
          })),
        };
      }, phrase);
      assert.equal(first.shown, phrase, 'drawn on the keystroke');
      assert.equal(first.texts, 0);
      assert.ok(
        first.listed.some((r) => r.href.includes('07-containers.html#') && r.unconfirmed),
        `the section holding the pairs of ${phrase} apart is listed as a candidate: ${JSON.stringify(first.listed)}`,
      );
      await page.waitForFunction((q) => document.getElementById('search-results')?.dataset.query === q, {}, phrase);
      assert.deepEqual(await results(page), [], `${phrase} is nowhere in the book`);
    });

    test('a Latin word is found whatever its case', async () => {
      const word = latinWord();
      await page.goto(url('05-engine.html'));
      await typeQuery(page, word.toUpperCase());
      const found = await results(page);
      assert.ok(found.length > 0, `no result for ${word.toUpperCase()}`);
      assert.ok(found.some((r) => r.href.includes('05-engine.html#')));
      for (const r of found)
        assert.ok(
          r.marks.some((m) => m.toLowerCase() === word.toLowerCase()),
          r.where,
        );
    });

    test('the current chapter is marked, with its sections shown', async () => {
      await page.goto(url('07-containers.html'));
      const sidebar = await page.$$eval('#site-toc a[aria-current="page"]', (links) =>
        links.map((a) => ({
          href: (a as HTMLAnchorElement).href,
          sections: [...a.parentElement!.querySelectorAll('.toc-section a')]
            .filter((s) => (s as HTMLElement).checkVisibility())
            .map((s) => s.textContent!.trim()),
        })),
      );
      const headings = [...everything.matchAll(/^## (.+?)(?:\s*\{[^}]*\})?$/gm)].map((m) => m[1]);
      assert.equal(sidebar.length, 1);
      assert.match(sidebar[0]!.href, /07-containers\.html$/);
      assert.deepEqual(sidebar[0]!.sections, headings);
    });

    test('`/` focuses the search box and the arrow keys turn the page', async () => {
      await page.goto(url('07-containers.html'));
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'search-box');
      await page.evaluate(() => (document.activeElement as HTMLElement).blur());
      await Promise.all([page.waitForNavigation(), page.keyboard.press('ArrowRight')]);
      assert.ok(page.url().endsWith('/' + chapterAfter(CHAPTER).replace(/\.md$/, '.html')), page.url());
      await Promise.all([page.waitForNavigation(), page.keyboard.press('ArrowLeft')]);
      assert.ok(page.url().endsWith('/' + CHAPTER.replace(/\.md$/, '.html')), page.url());
    });

    test('headings link to themselves and code blocks copy their code', async () => {
      await page.goto(url('07-containers.html'));
      const anchors = await page.$$eval('main h2', (hs) =>
        hs.map((h) => ({ id: h.id, href: h.querySelector('.heading-anchor')?.getAttribute('href') })),
      );
      assert.ok(anchors.length > 0);
      for (const { id, href } of anchors) assert.equal(href, `#${encodeURIComponent(id)}`);
      if (via === 'file') return; // the clipboard wants a page served over HTTP
      await browser
        .defaultBrowserContext()
        .overridePermissions(new URL(url('x')).origin, [
          'clipboard-read',
          'clipboard-write',
          'clipboard-sanitized-write',
        ]);
      const code = /^```[^\n]*\n([\s\S]*?)\n```/m.exec(everything)![1]!;
      await page.click('.copy-button');
      await page.waitForFunction(
        () => document.querySelector('.copy-button')?.textContent === document.body.dataset.labelCopied,
      );
      assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trimEnd(), code);
    });

    test('without JavaScript the page reads, lists the contents and links onwards', async () => {
      const plain = await browser.newPage();
      try {
        await plain.setJavaScriptEnabled(false);
        await plain.setViewport({ width: 390, height: 844 });
        await plain.goto(url('07-containers.html'));
        const seen = await plain.evaluate(() => ({
          text: document.querySelector('main')!.innerText,
          contents: [...document.querySelectorAll('#site-toc a')].filter((a) => a.checkVisibility()).length,
          next: document.querySelector('a[rel~="next"]')?.checkVisibility(),
          controls: [...document.querySelectorAll('.menu-button, .search-box, .theme-toggle')].some((e) =>
            e.checkVisibility(),
          ),
        }));
        const { phrase } = uniquePhrase();
        assert.ok(seen.text.includes(phrase), 'the chapter reads');
        const chapters = readdirSync(join(ROOT, 'chapters')).filter((f) => f.endsWith('.md')).length;
        const sections = [...everything.matchAll(/^## /gm)].length;
        assert.equal(seen.contents, chapters + sections, "every chapter, and this one's sections, listed");
        assert.equal(seen.next, true);
        assert.equal(seen.controls, false, 'no control that needs the script is shown');
      } finally {
        await plain.close();
      }
    });

    test('on a phone the contents wait behind the menu button', async () => {
      await page.setViewport({ width: 390, height: 844 });
      try {
        await page.goto(url('07-containers.html'));
        const visible = () => page.$eval('#site-toc', (toc) => (toc as HTMLElement).checkVisibility());
        assert.equal(await visible(), false);
        await page.click('.menu-button');
        assert.equal(await visible(), true);
        assert.equal(await page.$eval('.menu-button', (b) => b.getAttribute('aria-expanded')), 'true');
      } finally {
        await page.setViewport({ width: 1280, height: 900 });
      }
    });

    test('the system asks for dark, the toggle overrides it, and the choice is remembered', async () => {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      try {
        await page.goto(url('05-engine.html'));
        await page.evaluate(() => localStorage.removeItem('quire-theme'));
        await page.reload();
        assert.ok((await background(page)) < 0.2, 'dark by default');
        await page.click('.theme-toggle');
        assert.ok((await background(page)) > 0.8, 'light once toggled');
        await page.goto(url('07-containers.html'));
        assert.ok((await background(page)) > 0.8, 'still light on the next page');
      } finally {
        await page.evaluate(() => localStorage.removeItem('quire-theme'));
        await page.emulateMediaFeatures([]);
      }
    });

    test('the front page and each chapter link to the PDF, the EPUB and the handout built with them', async () => {
      const pdf = built.files.pdf![0]!;
      const epub = built.files.epub![0]!;
      const handout = built.files.handouts!.find((f) => f.endsWith(handoutOf(CHAPTER)))!;
      for (const file of [pdf, epub, handout]) assert.ok(existsSync(file), file);
      const linked = async (name: string) => {
        await page.goto(url(name));
        const hrefs = await page.$$eval('main a.download', (as) => as.map((a) => (a as HTMLAnchorElement).href));
        // From file:// the links are the files; the preview serves the PDF, the EPUB and the
        // handouts under its own names.
        return Promise.all(
          hrefs.map(async (href) =>
            href.startsWith('file:')
              ? readFile(fileURLToPath(href))
              : Buffer.from(await (await fetch(href)).arrayBuffer()),
          ),
        );
      };
      const bytes = (files: string[]) => Promise.all(files.map((f) => readFile(f)));
      assert.deepEqual(await linked('index.html'), await bytes([pdf, epub]));
      assert.deepEqual(await linked(CHAPTER.replace(/\.md$/, '.html')), await bytes([pdf, epub, handout]));
    });

    test('axe finds no violation on the front page, a chapter and the results, in both themes', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        for (const [name, open] of [
          ['index.html', async () => undefined],
          ['07-containers.html', async () => undefined],
          ['05-engine.html', () => typeQuery(page, latinWord())],
        ] as const) {
          await page.goto(url(name));
          await open();
          assert.deepEqual(await axeViolations(page), [], `${name}, ${scheme}`);
        }
      }
      await page.emulateMediaFeatures([]);
    });
  });
}

test('parts fold in the sidebar, without the script', async () => {
  const root = fixture('mdbook');
  const summary = readFileSync(join(root, 'src', 'SUMMARY.md'), 'utf8');
  const parts = [...summary.matchAll(/^# (.+)$/gm)].map((m) => m[1]).filter((t) => t !== 'Summary');
  const outDir = await tempDir();
  await build({ root, outDir, formats: ['html'] });
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.goto(pathToFileURL(join(outDir, 'html', 'index.html')).href);
    const summaries = () =>
      page.$$eval('#site-toc details > summary', (ss) =>
        ss.map((s) => ({ text: s.textContent!.trim(), open: (s.parentElement as HTMLDetailsElement).open })),
      );
    assert.deepEqual(
      await summaries(),
      parts.map((text) => ({ text, open: true })),
    );
    const firstChapter = () =>
      page.$eval('#site-toc details .toc-chapter a', (a) => (a as HTMLElement).checkVisibility());
    assert.equal(await firstChapter(), true);
    await page.click('#site-toc details > summary');
    assert.equal((await summaries())[0]!.open, false);
    assert.equal(await firstChapter(), false);
  } finally {
    await page.close();
  }
});

describe('search in other scripts', () => {
  // Each query, and the text of the source it must be found in (what the result marks).
  const cases = [
    { book: 'ja', query: '読み取り専用', marked: '読み取り専用', why: 'a Japanese phrase, by its pairs' },
    {
      book: 'ko',
      query: '컨테이너',
      marked: '컨테이너',
      why: 'a Korean word inside a longer one (컨테이너는), as typed',
    },
    { book: 'en', query: 'LODZ', marked: 'Łódź', why: 'a Latin word in capitals and without its accents' },
  ];
  for (const { book, query, marked, why } of cases) {
    test(why, async () => {
      const root = fixture(join('scripts', book));
      const source = readFileSync(join(root, 'chapters', '01-intro.md'), 'utf8');
      assert.ok(source.includes(marked), `${marked} is in the source`);
      const outDir = await tempDir();
      await build({ root, outDir, formats: ['html'] });
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(join(outDir, 'html', 'index.html')).href);
        await typeQuery(page, query);
        const [first] = await results(page);
        assert.ok(first, `no result for ${query}`);
        assert.match(first.href, /01-intro\.html#/);
        assert.ok(first.marks.includes(marked), `${first.marks.join(' ')} marks ${marked}`);
      } finally {
        await page.close();
      }
    });
  }
});

/** A writable copy of the sample book. */
async function sampleCopy(): Promise<string> {
  const book = await tempDir('quire-reader-book-');
  await cp(join(ROOT, 'book.yaml'), join(book, 'book.yaml'));
  await cp(join(ROOT, 'chapters'), join(book, 'chapters'), { recursive: true });
  return book;
}

describe('edit links', () => {
  test('site.editUrl gives each chapter a link to its source', async () => {
    const book = await sampleCopy();
    await appendFile(join(book, 'book.yaml'), '\nsite:\n  editUrl: https://example.com/book/edit/main/{path}\n');
    const outDir = await tempDir();
    await build({ root: book, outDir, formats: ['html'] });
    const html = await readFile(join(outDir, 'html', CHAPTER.replace(/\.md$/, '.html')), 'utf8');
    const links = [...html.matchAll(/<a class="edit-link" href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(links, [`https://example.com/book/edit/main/chapters/${CHAPTER}`]);
    const index = await readFile(join(outDir, 'html', 'index.html'), 'utf8');
    assert.ok(!index.includes('edit-link'), 'the front page has no source to edit');
  });

  test('an editUrl without {path} is an error naming book.yaml', async () => {
    const book = await sampleCopy();
    await appendFile(join(book, 'book.yaml'), '\nsite:\n  editUrl: https://example.com/book/edit/main/\n');
    const lines = (await readFile(join(book, 'book.yaml'), 'utf8')).split('\n');
    await assert.rejects(build({ root: book, outDir: await tempDir(), formats: ['html'] }), (error: QuireErrors) => {
      const [first] = error.errors;
      assert.match(first!.message, /\{path\}/);
      assert.equal(first!.file, join(book, 'book.yaml'));
      assert.match(lines[first!.line! - 1]!, /editUrl/);
      return true;
    });
  });
});

describe('watch mode', () => {
  let watcher: Watcher;
  let book: string;
  let watchOut: string;
  before(async () => {
    book = await sampleCopy();
    // The handouts of an earlier build: watch mode writes none, but its pages link to these.
    watchOut = await tempDir();
    await cp(join(out, 'handouts'), join(watchOut, 'handouts'), { recursive: true });
    watcher = await watch({ root: book, outDir: watchOut, formats: ['html'], port: 0 });
    await watcher.idle();
  });
  after(() => watcher?.close());

  test("a chapter's handout link opens the handout", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(new URL(CHAPTER.replace(/\.md$/, '.html'), watcher.url).href);
      const hrefs = await page.$$eval('main a.download', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      const linked = hrefs.filter((h) => h.endsWith('.pdf') && h.includes('handouts'));
      assert.equal(linked.length, 1, hrefs.join(' '));
      const response = await fetch(linked[0]!);
      assert.equal(response.status, 200, linked[0]);
      const expected = await readFile(join(watchOut, 'handouts', handoutOf(CHAPTER)));
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), expected);
    } finally {
      await page.close();
    }
  });

  test('a word added by a save is found without reloading the page', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('05-engine.html', watcher.url).href);
    await typeQuery(page, 'Docker');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const word = `Quirewatchword${Date.now().toString(36)}`;
    const file = join(book, 'chapters', '09-compose.md');
    await appendFile(file, `\n\n${word} 是這次存檔加上的字。\n`);
    assert.ok((await readFile(file, 'utf8')).includes(word));
    await page.waitForFunction(
      (w) => (window as unknown as { quireSearch: { search(q: string): unknown[] } }).quireSearch.search(w).length > 0,
      { timeout: 20_000 },
      word,
    );
    await typeQuery(page, word);
    const found = await results(page);
    assert.ok(found[0]?.href.includes('09-compose.html#'), JSON.stringify(found));
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
    await page.close();
  });
});
