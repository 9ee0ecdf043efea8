import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configReference, configSchema } from '../../src/load/config-schema.ts';
import { parseConfig } from '../../src/load/config.ts';
import { QuireError, QuireErrors } from '../../src/util/errors.ts';

const FILE = '/books/demo/book.yaml';

function problems(source: string): QuireError[] {
  try {
    parseConfig(source, FILE);
  } catch (error) {
    if (error instanceof QuireErrors) return error.errors;
    if (error instanceof QuireError) return [error];
    throw error;
  }
  assert.fail('expected the config to be rejected');
}

test('defaults fill every optional setting', () => {
  const config = parseConfig('title: A Book\n', FILE);
  assert.equal(config.title, 'A Book');
  assert.equal(config.language, 'en');
  assert.deepEqual(config.authors, []);
  assert.equal(config.output.name, 'book');
  assert.deepEqual(config.output.formats, ['html', 'pdf', 'epub']);
  assert.equal(config.output.dir, 'dist');
  assert.equal(config.pdf.pageSize, 'A4');
});

test('a single author string becomes a list, and nested defaults survive partial maps', () => {
  const config = parseConfig('title: T\nauthors: Ada\noutput:\n  name: mine\n', FILE);
  assert.deepEqual(config.authors, ['Ada']);
  assert.equal(config.output.name, 'mine');
  assert.deepEqual(config.output.formats, ['html', 'pdf', 'epub']);
});

test('a misspelt key names its line and suggests the right key', () => {
  const [error] = problems('title: T\nlangauge: zh-Hant\n');
  assert.match(error!.message, /unknown key `langauge`/);
  assert.equal(error!.line, 2);
  assert.match(error!.hint!, /did you mean `language`/);
  assert.match(error!.format('/books/demo'), /^book\.yaml:2:1: unknown key/);
});

test('a misspelt nested key suggests the key at that level', () => {
  const [error] = problems('title: T\npdf:\n  pageSzie: A5\n');
  assert.match(error!.message, /unknown key `pdf\.pageSzie`/);
  assert.equal(error!.line, 3);
  assert.match(error!.hint!, /pageSize/);
});

test('a wrong type names the line of the value', () => {
  const [error] = problems('title: T\nkeywords: [a, b]\npdf:\n  pageSize: B7\n');
  assert.match(error!.message, /`pdf\.pageSize`/);
  assert.equal(error!.line, 4);
});

test('a missing title is reported with what to add', () => {
  const [error] = problems('language: en\n');
  assert.match(error!.message, /missing `title`/);
  assert.match(error!.hint!, /title: /);
});

test('invalid YAML names line and column and shows a code frame', () => {
  const [error] = problems('title: T\nauthors: [a, b\nlanguage: en\n');
  assert.match(error!.message, /invalid YAML/);
  assert.ok(error!.line! >= 2, `line ${error!.line}`);
  assert.match(error!.format('/books/demo'), /> +\d+ \| /);
});

test('every problem is reported, not only the first', () => {
  const errors = problems('title: T\nfoo: 1\nbar: 2\n');
  assert.deepEqual(
    errors.map((e) => e.line),
    [2, 3],
  );
});

test('the reference documents every key of the schema, with defaults', () => {
  const rows = configReference();
  const keys = rows.map((r) => r.key);
  for (const key of Object.keys(configSchema.shape)) assert.ok(keys.includes(key), `${key} documented`);
  assert.ok(keys.includes('pdf.pageSize') && keys.includes('output.name'));
  assert.ok(
    rows.every((r) => r.description.length > 0),
    'every key has a description',
  );
  assert.equal(rows.find((r) => r.key === 'output.name')!.default, '"book"');
  assert.equal(rows.find((r) => r.key === 'title')!.default, '(required)');
});

test('the README’s book.yaml reference is the one the schema renders', async () => {
  const { readFile } = await import('node:fs/promises');
  const { configReferenceMarkdown } = await import('../../src/load/config-docs.ts');
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(configReferenceMarkdown()), 'run `npm run docs:config` to update the README');
});
