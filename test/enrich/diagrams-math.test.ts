/**
 * Diagrams and math in every output: mermaid drawn to SVG in the site, the PDF and the EPUB;
 * formulas as KaTeX HTML (site, PDF) and MathML (EPUB); dollar signs in prose and code left alone;
 * mistakes reported with file and line; no browser for a book without diagrams.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadBook } from '../../src/load/load-book.ts';
import { renderBook } from '../../src/render/render-book.ts';
import {
  epubcheck,
  fixture,
  htmlText,
  pdfFonts,
  pdfPages,
  readEpub,
  runCli,
  squeeze,
  tempDir,
  writeBook,
} from '../helpers.ts';

const NO_BROWSER = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };

describe('the diagrams-math fixture, built by the CLI', () => {
  let out: string;
  const site = (name: string) => readFile(join(out, 'html', name), 'utf8');
  before(async () => {
    out = await tempDir();
    const result = await runCli(['build', fixture('diagrams-math'), '--out', out]);
    assert.equal(result.code, 0, result.stderr);
  });

  test('the site shows each diagram as inline SVG with plain SVG text labels', async () => {
    const html = await site('01-diagram.html');
    assert.doesNotMatch(html, /quire-mermaid/, 'no placeholder is left');
    const svgs = [...html.matchAll(/<figure class="diagram"><svg [^>]*>[\s\S]*?<\/svg><\/figure>/g)].map((m) => m[0]);
    assert.equal(svgs.length, 3);
    assert.doesNotMatch(html, /foreignObject/i, 'labels are SVG text, which XHTML and print handle');
    const labels = svgs[0]!
      .match(/<text[\s\S]*?<\/text>/g)!
      .map(htmlText)
      .join('|');
    for (const label of ['Markdown 原稿', 'Quire 排版', 'PDF 書', 'EPUB 電子書', 'print'])
      assert.match(labels, new RegExp(label));
    // The stack of the book's headings, for the language of the text around the diagram.
    assert.match(svgs[0]!, /font-family:var\(--font-heading, ?sans-serif\)/, 'diagrams use the headings’ stack');
  });

  test('ids are unique across the book, even for the same diagram drawn twice', async () => {
    // The chapters' own ids (the site's controls are on every page by design): the print document
    // holds both chapters at once.
    const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const ids = (await Promise.all(['01-diagram.html', '02-math.html'].map(site))).flatMap((html) =>
      [...main(html).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!),
    );
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  test('formulas are KaTeX HTML with KaTeX’s stylesheet and fonts in the site', async () => {
    const html = await site('02-math.html');
    assert.equal((html.match(/<span class="katex">/g) ?? []).length, 4);
    assert.match(html, /<link rel="stylesheet" href="assets\/katex\/katex\.min\.css">/);
    const css = await readFile(join(out, 'html', 'assets', 'katex', 'katex.min.css'), 'utf8');
    const fonts = [...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(fonts.length > 10);
    for (const font of fonts) assert.ok(existsSync(join(out, 'html', 'assets', 'katex', font)), font);
  });

  test('dollar signs in prose and in code are not math', async () => {
    const html = await site('01-diagram.html');
    assert.doesNotMatch(html, /class="katex/);
    assert.match(html, /costs \$5 and the hardback \$10, or \$12 for both; from \$3 to \$ 4\./);
    assert.match(html, /<code>\$x\$<\/code>/);
    assert.match(htmlText(html), /echo "\$PATH and \$HOME"/);
  });

  test('the PDF has the diagram labels and the formulas as text, in embedded fonts only', async () => {
    const pdf = join(out, 'diagrams-math.pdf');
    const text = squeeze((await pdfPages(pdf)).join(''));
    for (const label of ['Markdown原稿', 'Quire排版', 'PDF書', 'EPUB電子書', 'Author', 'outputs']) {
      assert.ok(text.includes(label), label);
    }
    for (const formula of ['eiπ+1=0', '∫', '∑']) assert.ok(text.includes(formula), formula);
    const fonts = await pdfFonts(pdf);
    assert.deepEqual(
      fonts.filter((f) => !f.embedded || f.type.includes('Type 3')),
      [],
    );
    assert.ok(
      fonts.some((f) => f.name.includes('KaTeX_Main')),
      'formulas are set in KaTeX’s fonts',
    );
  });

  test('the EPUB has the diagrams as SVG and the formulas as MathML alone, and passes epubcheck', async () => {
    const epub = join(out, 'diagrams-math.epub');
    const zip = await readEpub(epub);
    const diagram = await zip.file('OEBPS/01-diagram.xhtml')!.async('string');
    const math = await zip.file('OEBPS/02-math.xhtml')!.async('string');
    assert.equal((diagram.match(/<svg /g) ?? []).length, 3);
    assert.match(diagram, /<style>#Diagram-01-diagram-1\{/, 'each diagram keeps its own styles');
    assert.match(diagram, /<svg [^>]*xmlns:xlink="http:\/\/www.w3.org\/1999\/xlink"/);
    assert.match(diagram, /<a xlink:href="https:\/\/example.com\/quire\/pdf"[^>]* xlink:title="[^"]+"/, 'a click link');
    assert.match(diagram, /<title>The PDF output<\/title>/, 'a node tooltip is an SVG title');
    assert.equal((math.match(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/g) ?? []).length, 4);
    assert.match(math, /<math xmlns="[^"]+" display="block">/);
    assert.doesNotMatch(math, /katex-html|<svg/, 'KaTeX’s HTML rendering is left out');
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    assert.match(opf, /href="01-diagram.xhtml" media-type="application\/xhtml\+xml" properties="svg"/);
    assert.match(opf, /href="02-math.xhtml" media-type="application\/xhtml\+xml" properties="mathml"/);
    const report = await epubcheck(epub);
    assert.deepEqual(
      [report.fatals, report.errors, report.warnings],
      [0, 0, 0],
      JSON.stringify(report.messages.slice(0, 5), null, 1),
    );
  });
});

describe('mistakes and the browser', () => {
  test('a mermaid syntax error names the chapter file and the line of its fence', async () => {
    const chapter = [
      '---',
      'title: Bad',
      '---',
      '',
      'Text.',
      '',
      '```mermaid',
      'flowchart LR',
      '  A --> B',
      '  B -->> ]',
      '```',
      '',
    ];
    const root = await writeBook({ 'book.yaml': 'title: Bad diagram\n', 'chapters/01-bad.md': chapter.join('\n') });
    const result = await runCli(['build', '.', '--format', 'html'], { cwd: root });
    assert.equal(result.code, 1, result.stdout);
    const line = chapter.indexOf('```mermaid') + 1;
    assert.match(result.stderr, new RegExp(`chapters/01-bad\\.md:${line}: mermaid diagram: Parse error on line 3`));
    assert.ok(!existsSync(join(root, 'dist')), 'nothing is written');
  });

  test('invalid TeX names the chapter file and the line of the formula', async () => {
    const chapter = [
      '# Sums',
      '',
      'A paragraph that starts here',
      'and has $\\frac{1}{$ on its second line.',
      '',
      '$$',
      '\\notacommand{x}',
      '$$',
      '',
    ];
    const root = await writeBook({ 'book.yaml': 'title: Bad math\n', 'chapters/01-math.md': chapter.join('\n') });
    const result = await runCli(['build', '.', '--format', 'html'], { cwd: root });
    assert.equal(result.code, 1, result.stdout);
    const inline = chapter.findIndex((l) => l.includes('\\frac')) + 1;
    const block = chapter.indexOf('$$') + 1;
    assert.match(
      result.stderr,
      new RegExp(`chapters/01-math\\.md:${inline}: invalid TeX in \`\\$\\\\frac\\{1\\}\\{\\$\``),
    );
    assert.match(result.stderr, new RegExp(`chapters/01-math\\.md:${block}: invalid TeX in \`\\$\\$\\\\notacommand`));
  });

  test('a book without diagrams builds its site and EPUB with no browser at all', async () => {
    const root = await writeBook({
      'book.yaml': 'title: No diagrams\ncover: cover.svg\n',
      'cover.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect width="600" height="800" fill="#345"/></svg>',
      'chapters/01-a.md': '# A\n\nMath $x^2$ and code:\n\n```js\nlet a = 1;\n```\n',
    });
    const result = await runCli(['build', '.', '--format', 'html,epub'], { cwd: root, env: NO_BROWSER });
    assert.equal(result.code, 0, result.stderr);
  });

  test('a new diagram asks for the browser; once drawn, it is taken from the cache', async () => {
    const label = `Label ${randomUUID().slice(0, 8)}`;
    const root = await writeBook({
      'book.yaml': 'title: Cached\n',
      'chapters/01-a.md': `# A\n\n\`\`\`mermaid\nflowchart LR\n  A[${label}] --> B\n\`\`\`\n`,
    });
    const first = await runCli(['build', '.', '--format', 'html'], { cwd: root, env: NO_BROWSER });
    assert.equal(first.code, 1);
    assert.match(first.stderr, /PUPPETEER_EXECUTABLE_PATH/);
    assert.equal((await runCli(['build', '.', '--format', 'html'], { cwd: root })).code, 0);
    const again = await runCli(['build', '.', '--format', 'html'], { cwd: root, env: NO_BROWSER });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(htmlText(await readFile(join(root, 'dist', 'html', '01-a.html'), 'utf8')).includes(label));
  });
});

test('every common kind of diagram makes an EPUB that epubcheck passes clean', async () => {
  const diagrams = [
    'classDiagram\n  Animal <|-- Duck\n  Animal : +int age\n  Animal: +isMammal() bool\n  class Duck{\n    +String beakColor\n    +swim()\n  }\n',
    'stateDiagram-v2\n  [*] --> Still\n  Still --> Moving : 開始\n  Moving --> [*]\n',
    'erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE-ITEM : contains\n',
    'gantt\n  title A Gantt\n  dateFormat YYYY-MM-DD\n  section Section\n  Task one :a1, 2024-01-01, 30d\n  Task two :after a1, 20d\n',
    'pie title Pets\n  "Dogs" : 386\n  "Cats" : 85\n',
    'mindmap\n  root((Quire))\n    PDF\n    EPUB\n    HTML\n',
    'gitGraph\n  commit\n  branch dev\n  commit\n  checkout main\n  merge dev\n',
    'timeline\n  title History\n  2024 : Started\n  2025 : Released\n',
    'journey\n  title My day\n  section Work\n    Write: 5: Me\n',
  ];
  const root = await writeBook({
    'book.yaml': 'title: Diagram kinds\n',
    'chapters/01-kinds.md': ['# Kinds', '', ...diagrams.map((d) => '```mermaid\n' + d + '```\n')].join('\n'),
  });
  const result = await runCli(['build', '.', '--format', 'html,epub'], { cwd: root });
  assert.equal(result.code, 0, result.stderr);
  const html = await readFile(join(root, 'dist', 'html', '01-kinds.html'), 'utf8');
  assert.equal((html.match(/<figure class="diagram"><svg /g) ?? []).length, diagrams.length);
  const report = await epubcheck(join(root, 'dist', 'book.epub'));
  assert.deepEqual(
    [report.fatals, report.errors, report.warnings],
    [0, 0, 0],
    JSON.stringify(report.messages.slice(0, 5), null, 1),
  );
});

test('which dollar signs make math', async () => {
  const lines = [
    'Math: $x^2$ and $$y_1$$ inside a paragraph.',
    'Prose: costs $5 and $10; from $3 to $ 4; US$ 7.',
    'Escaped: \\$x\\$ is text.',
    'Code: `$x$` and `a $b$ c`.',
    '',
    '```',
    '$z$',
    '```',
  ];
  const root = await writeBook({
    'book.yaml': 'title: Dollars\n',
    'chapters/01.md': `# Dollars\n\n${lines.join('\n')}\n`,
  });
  const html = (await renderBook(await loadBook({ root }))).chapters[0]!.html;
  const formulas = [...html.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map(
    (m) => m[1],
  );
  assert.deepEqual(formulas, ['x^2', 'y_1']);
  assert.match(html, /<p>Math: <span class="katex">[\s\S]*<span class="katex-display">[\s\S]* inside a paragraph\./);
  assert.match(html, /costs \$5 and \$10; from \$3 to \$ 4; US\$ 7\./);
  assert.match(html, /Escaped: \$x\$ is text\./);
  assert.match(html, /<code>\$x\$<\/code> and <code>a \$b\$ c<\/code>/);
  assert.match(html, /<pre class="code[^"]*"><code[^>]*>\$z\$\n<\/code><\/pre>/);
});
