/**
 * book.yaml's JSON Schema (schema/book.schema.json), read by a real validator as an editor reads it: it
 * accepts every key the README documents and rejects each one misspelt; `quire init` names it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ROOT, tempDir } from '../helpers.ts';

const SCHEMA = join(ROOT, 'schema', 'book.schema.json');
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

/** The README's book.yaml reference table, row by row (a cell may hold `\|`). */
function documentedKeys(): Row[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- book.yaml reference'), readme.indexOf('<!-- end of book.yaml'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
      return { key: unquote(cells[1]!), type: cells[2]!, default: unquote(cells[3]!), description: cells[4]! };
    });
}

const rows = documentedKeys();
const leaves = rows.filter((row) => !rows.some((r) => r.key.startsWith(`${row.key}.`)));

/** Values the README gives no default or example for, that must match a pattern. */
const SAMPLES: Record<string, unknown> = { date: '2026-12-03', 'pdf.width': '6in', 'pdf.height': '9in' };

/** A value for a documented key: its default, else the README's example, else one of its type. */
function sampleValue(row: Row): unknown {
  if (row.key in SAMPLES) return SAMPLES[row.key];
  if (row.default && row.default !== '(required)') return JSON.parse(row.default);
  const example = /e\.g\. `([^`]+)`/.exec(row.description)?.[1];
  if (example) return example;
  if (row.type.startsWith('list of')) return ['chapter.md'];
  assert.equal(row.type.split(' ')[0], 'string', `a sample value for ${row.key} (${row.type})`);
  return `a ${row.key}`;
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function everyDocumentedKey(): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const row of leaves) setPath(config, row.key, sampleValue(row));
  return config;
}

const errorsOf = () => JSON.stringify(validate.errors, null, 2);

test('the README documents the keys this test reads', () => {
  assert.ok(rows.length >= 30, `${rows.length} rows read from the README's reference`);
  for (const key of ['title', 'epub.embedFonts', 'output.formats', 'pdf.margins.outer', 'pdf.browser'])
    assert.ok(
      leaves.some((r) => r.key === key),
      key,
    );
});

test('the schema accepts a book.yaml with every documented key', () => {
  assert.ok(validate(everyDocumentedKey()), errorsOf());
});

test('the schema rejects each documented key misspelt, naming it where it is', () => {
  for (const row of leaves) {
    const parts = row.key.split('.');
    const wrong = parts.at(-1)!.slice(0, -1); // `author`, `pageSiz`: the last letter left off
    const config = everyDocumentedKey();
    setPath(config, [...parts.slice(0, -1), wrong].join('.'), sampleValue(row));
    assert.equal(validate(config), false, `${wrong} (for ${row.key}) is rejected`);
    const where = parts.length > 1 ? `/${parts.slice(0, -1).join('/')}` : '';
    assert.ok(
      validate.errors!.some((e) => e.params.additionalProperty === wrong && e.instancePath === where),
      `${row.key}: ${errorsOf()}`,
    );
  }
});

test('the schema rejects a value of the wrong type and a missing title', () => {
  assert.equal(validate({ title: 'A book', pdf: { pageSize: 'B5' } }), false);
  assert.equal(validate({ title: 'A book', pdf: { recto: 'yes' } }), false);
  assert.equal(validate({ subtitle: 'No title' }), false);
});

test('the sample book’s own book.yaml passes the schema', async () => {
  assert.ok(validate(parse(await readFile(join(ROOT, 'book.yaml'), 'utf8'))), errorsOf());
});

test('quire init’s book.yaml names the schema on its first line, and passes it', async () => {
  const { initBook } = await import('../../src/init/init.ts');
  const dir = join(await tempDir(), 'new-book');
  await initBook({ dir });
  const text = await readFile(join(dir, 'book.yaml'), 'utf8');
  const named = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)?.[1];
  assert.ok(named, text.split('\n')[0]);
  assert.equal(resolve(dirname(join(dir, 'book.yaml')), named), SCHEMA);
  assert.ok(validate(parse(text)), errorsOf());
});

test('the shipped schema is the one the config schema gives', async () => {
  const { bookJsonSchemaText } = await import('../../src/load/config-json-schema.ts');
  assert.equal(readFileSync(SCHEMA, 'utf8'), bookJsonSchemaText(), 'run `npm run docs:config` to update it');
});
