/**
 * `npm run build` (and `npm pack`, through prepack): the package's lib/ from src/ — ES modules and their
 * .d.ts by tsc, then the files the compiled code reads beside itself — and book.yaml's JSON Schema.
 */
import { execFile } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeBookSchema } from '../src/load/config-json-schema.ts';

const ROOT = join(import.meta.dirname, '..');
const LIB = join(ROOT, 'lib');

// A clean folder: a module deleted from src/ must not live on in the package.
await rm(LIB, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT }).catch(
  (error: { stdout?: string }) => {
    process.stderr.write(error.stdout ?? '');
    throw new Error('tsc failed: see above', { cause: error });
  },
);
// Data files (font-coverage.json) are read from beside the modules, by path, so tsc does not copy them.
const data = (await readdir(join(ROOT, 'src'), { recursive: true })).filter((f) => /\.json$/.test(f));
await Promise.all(data.map((file) => cp(join(ROOT, 'src', file), join(LIB, file))));
await writeBookSchema();
