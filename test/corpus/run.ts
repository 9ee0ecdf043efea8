/**
 * Try Quire on real books by others: build every book of the corpus and say how each went.
 *
 *   npm run corpus [-- --books a,b] [-- --formats html,pdf,epub] [-- --json[=path]] [-- --keep]
 *                  [-- --timeout S] [-- --require-clean] [-- --corpus DIR]
 *
 * Progress goes to stderr; the table and each book's details (or with --json, the JSON) to stdout.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../helpers.ts';
import { corpusRows, selectRows, type CorpusRow } from './books.ts';
import { writeLatinFontconfig } from './fontconfig.ts';
import { parseOptions, HELP, type Options } from './options.ts';
import { details, table, unclean } from './report.ts';
import { runRow, type RowResult } from './run-row.ts';

async function runAll(rows: CorpusRow[], options: Options): Promise<RowResult[]> {
  const fontDir = await mkdtemp(join(tmpdir(), 'quire-corpus-fonts-'));
  const results: RowResult[] = [];
  try {
    const fontconfig = writeLatinFontconfig(fontDir);
    for (const [i, row] of rows.entries()) {
      process.stderr.write(`[${i + 1}/${rows.length}] ${row.name} (${row.root}) … `);
      const result = await runRow(row, { ...options, fontconfig });
      process.stderr.write(`exit ${result.exit}, ${result.seconds.toFixed(1)} s\n`);
      results.push(result);
    }
  } finally {
    await rm(fontDir, { recursive: true, force: true });
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  let options: Options | undefined;
  try {
    options = parseOptions(argv, join(ROOT, '..', 'shared', 'corpus'));
  } catch (error) {
    console.error(`corpus: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!options) {
    console.log(HELP);
    return 0;
  }
  if (!existsSync(options.corpus)) {
    console.error(`corpus: no corpus at ${resolve(options.corpus)} (give one with --corpus DIR)`);
    return 2;
  }
  const { rows, unknown } = selectRows(corpusRows(options.corpus), options.books);
  if (unknown.length > 0) {
    console.error(`corpus: no such book in ${resolve(options.corpus)}: ${unknown.join(', ')}`);
    return 2;
  }
  const started = performance.now();
  const results = await runAll(rows, options);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${results.length} rows in ${seconds.toFixed(0)} s\n`);
  const data = { corpus: resolve(options.corpus), formats: options.formats, seconds, results };
  if (options.json === true) {
    console.log(JSON.stringify(data, null, 2));
  } else {
    console.log(`${table(results)}\n\n${details(results)}`);
    if (typeof options.json === 'string') await writeFile(options.json, JSON.stringify(data, null, 2));
  }
  return options.requireClean && unclean(results).length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
