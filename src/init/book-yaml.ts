/**
 * The book.yaml `quire init` writes: every key of the schema, each with its description, type and
 * default as comments, so an author finds every setting in the file itself. Generated from the
 * schema (configReference), so it lists exactly what Quire reads.
 */
import { configReference, type ConfigKeyDoc } from '../load/config-schema.ts';

/** Values written as live keys; every other key is a comment showing its default. */
export type BookYamlValues = Record<string, string | string[]>;

const WIDTH = 100;

/**
 * `schema`: where book.yaml's JSON Schema is, relative to the book (or a URL): named on the first line,
 * in the comment yaml-language-server (VS Code's YAML extension and others) reads to complete and check keys.
 */
export function bookYaml(values: BookYamlValues, schema?: string): string {
  const rows = configReference();
  const isMap = (row: ConfigKeyDoc) => rows.some((r) => r.key.startsWith(`${row.key}.`));
  const live = (row: ConfigKeyDoc) => Object.keys(values).some((k) => k === row.key || k.startsWith(`${row.key}.`));
  const lines = [
    ...(schema ? [`# yaml-language-server: $schema=${schema}`] : []),
    '# book.yaml: this book’s metadata and settings. Every key Quire reads is listed below with what it',
    '# does; the commented ones (`# key: value`) show their default. To change one, remove the `# `',
    '# in front of it (and of the section it is in, such as `# pdf:`), then edit the value.',
  ];
  for (const row of rows) {
    const depth = row.key.split('.').length - 1;
    const indent = '  '.repeat(depth);
    const name = row.key.split('.').pop()!;
    const on = live(row);
    // A key inside a commented section is commented at the section's column, so removing `# `
    // from both gives valid YAML.
    const mark = on ? '' : '# ';
    lines.push('');
    const about = [row.description, isMap(row) ? '' : facts(row)].filter(Boolean).join(' ');
    for (const text of wrap(about, WIDTH - indent.length - 2)) lines.push(`${indent}# ${text}`);
    if (isMap(row)) lines.push(`${indent}${mark}${name}:`);
    else lines.push(`${indent}${mark}${name}: ${on ? yamlValue(values[row.key]!) : example(row)}`);
  }
  return lines.join('\n') + '\n';
}

function facts(row: ConfigKeyDoc): string {
  const type = row.type.replace(/\\\|/g, '|');
  if (row.default === '(required)') return `(${type}, required)`;
  return row.default ? `(${type}, default ${row.default})` : `(${type}, optional)`;
}

/** What a commented key shows: its default (JSON is YAML), else a stand-in to replace. */
const example = (row: ConfigKeyDoc) => (row.default && row.default !== '(required)' ? row.default : '…');

function yamlValue(value: string | string[]): string {
  return Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value);
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
