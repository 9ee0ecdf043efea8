import { createRequire } from 'node:module';
import { loadBook } from './src/load/load-book.ts';
import { renderBook } from './src/render/render-book.ts';
import { writeBook } from './test/helpers.ts';
import { QuireErrors } from './src/util/errors.ts';
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; number: number; section: string }[] };
const root = await writeBook({ 'book.yaml': 'title: T\nlanguage: en\n', 'chapters/01.md': 'x\n' });
const book = await loadBook({ root });
let bad = 0;
for (const t of spec.tests) {
  const chapter = { ...book.chapters[0]!, body: t.markdown.replace(/→/g, '\t') };
  try { renderBook({ ...book, chapters: [chapter] }); }
  catch (e) { bad++; const errs = e instanceof QuireErrors ? e.errors : [e as Error]; console.log(t.number, t.section, JSON.stringify(t.markdown).slice(0,80), errs.map(x => x.message + ' / ' + String((x as Error).cause ?? '')).join(' | ').slice(0, 200)); }
}
console.log('total', spec.tests.length, 'bad', bad);
