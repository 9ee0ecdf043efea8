/**
 * The npm package as a user gets it: `npm pack` (which builds lib/), the tarball installed into an empty
 * folder outside the repository, and there the library imported from plain Node, its types checked by
 * tsc, and `npx quire init` and `npx quire build` run — with the temporary folder watched for files left
 * behind. The optional CJK fonts are left out of the install (`--omit=optional`) to keep it quick.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, htmlText, pdfPages, readEpub, squeeze, tempDir } from './helpers.ts';

const run = promisify(execFile);

/** The starter chapters' titles, from their sources: front matter `title:`, else the first heading. */
const STARTER_TITLES = readdirSync(join(ROOT, 'starter', 'chapters'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => {
    const text = readFileSync(join(ROOT, 'starter', 'chapters', f), 'utf8');
    return (/^title: (.+)$/m.exec(text) ?? /^# (.+)$/m.exec(text))![1]!.trim();
  });

/** The environment of every command run in the installed folder: its own empty temporary folder, no tsx. */
function envWith(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  delete env.NODE_OPTIONS;
  return env;
}

/** What a run left in its temporary folder: nothing of Quire's may stay there (tsx's compile cache included). */
function leftInTemp(tmp: string): string[] {
  return readdirSync(tmp);
}

/** Each output of a book built from the starter chapters holds every chapter's title. */
async function assertOutputs(files: Record<string, string[]>): Promise<void> {
  const index = files.html!.find((f) => f.endsWith('index.html'))!;
  const site = htmlText(await readFile(index, 'utf8'));
  const epub = await readEpub(files.epub![0]!);
  const xhtml = await Promise.all(
    Object.values(epub.files)
      .filter((f) => f.name.endsWith('.xhtml'))
      .map((f) => f.async('string')),
  );
  const pdf = squeeze((await pdfPages(files.pdf![0]!)).join(''));
  for (const title of STARTER_TITLES) {
    assert.ok(site.includes(title), `the site's contents list ${title}`);
    assert.ok(
      xhtml.some((x) => htmlText(x).includes(title)),
      `the EPUB has ${title}`,
    );
    assert.ok(pdf.includes(squeeze(title)), `the PDF has ${title}`);
  }
}

describe('the packed npm package, installed in an empty folder', { timeout: 600_000 }, () => {
  let work: string;
  let app: string;

  before(async () => {
    work = await tempDir('quire-package-');
    const { stdout } = await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 26 });
    const tarball = join(work, stdout.trim().split('\n').at(-1)!);
    app = join(work, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // Node's types, as any TypeScript project has them: the shipped .d.ts refer to Buffer.
    const nodeTypes = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies['@types/node'];
    await run(
      'npm',
      [
        'install',
        '--omit=optional',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        tarball,
        `@types/node@${nodeTypes}`,
      ],
      { cwd: app, maxBuffer: 1 << 26 },
    );
  });
  // The install is some 300 MB.
  after(() => rm(work, { recursive: true, force: true }));

  test('holds the compiled code, its types, the templates, the starter and the schema; not tsx', () => {
    const pkg = join(app, 'node_modules', 'quire');
    for (const file of ['lib/index.js', 'lib/index.d.ts', 'lib/bin.js', 'lib/assemble/font-coverage.json'])
      assert.ok(existsSync(join(pkg, file)), file);
    for (const file of ['templates/layout.hbs', 'starter/chapters', 'schema/book.schema.json', 'LICENSE'])
      assert.ok(existsSync(join(pkg, file)), file);
    assert.ok(!existsSync(join(pkg, 'src')), 'the TypeScript sources are not shipped');
    assert.ok(!existsSync(join(app, 'node_modules', 'tsx')), 'tsx is not installed with Quire');
  });

  test('the library runs from plain Node: init, check and build a book', async () => {
    const tmp = await mkdtemp(join(work, 'tmp-'));
    const script = `
      import { build, check, initBook } from 'quire';
      const { root } = await initBook({ dir: 'library-book' });
      const checked = await check({ root, epubcheck: false });
      const built = await build({ root });
      console.log(JSON.stringify({
        from: import.meta.resolve('quire'), execArgv: process.execArgv,
        errors: checked.errors.map((e) => e.format()), files: built.files,
      }));`;
    await writeFile(join(app, 'library.js'), script);
    const { stdout } = await run(process.execPath, ['library.js'], {
      cwd: app,
      env: envWith(tmp),
      maxBuffer: 1 << 26,
    });
    const result = JSON.parse(stdout) as { from: string; execArgv: string[]; errors: string[]; files: never };
    assert.equal(new URL(result.from).pathname, join(app, 'node_modules', 'quire', 'lib', 'index.js'));
    assert.deepEqual(result.execArgv, [], 'no loader: plain Node');
    assert.deepEqual(result.errors, []);
    await assertOutputs(result.files);
    assert.deepEqual(leftInTemp(tmp), []);
  });

  test('the shipped types check a program that uses the API, and catch one that misuses it', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = ['--module', 'NodeNext', '--target', 'ES2022', '--strict', '--noEmit', '--types', 'node'];
    await writeFile(
      join(app, 'uses.ts'),
      [
        "import { build, check, initBook, QuireError, type BookConfig, type BuildResult } from 'quire';",
        "const { root } = await initBook({ dir: 'typed-book', templates: true });",
        "const result: BuildResult = await build({ root, formats: ['html', 'epub'], onStage: (s, ms) => [s, ms] });",
        'const config: BookConfig = result.rendered.book.config;',
        "const size: 'A4' | 'A5' | 'Letter' | '6x9' = config.pdf.pageSize;",
        'const { errors } = await check({ root });',
        'const first: QuireError | undefined = errors[0];',
        'console.log(size, first?.file, result.files.html);',
      ].join('\n'),
    );
    await run(process.execPath, [tsc, ...options, '--skipLibCheck', 'uses.ts'], { cwd: app });
    // Without skipLibCheck, the shipped .d.ts themselves are checked too (other packages' may not pass).
    const strict = await run(process.execPath, [tsc, ...options, 'uses.ts'], { cwd: app }).catch((e) => e);
    const errorFiles = String(strict.stdout ?? '').match(/^\S+(?=\(\d+,\d+\): error)/gm) ?? [];
    assert.deepEqual(
      errorFiles.filter((f) => f.includes('node_modules/quire/') || f === 'uses.ts'),
      [],
      strict.stdout,
    );

    await writeFile(
      join(app, 'misuses.ts'),
      [
        "import { build } from 'quire';",
        "const result = await build({ root: '.', formats: ['docx'] });",
        'const title: number = result.rendered.book.config.title;',
      ].join('\n'),
    );
    const failed = await run(process.execPath, [tsc, ...options, '--skipLibCheck', 'misuses.ts'], { cwd: app }).then(
      () => assert.fail('tsc passed a program that misuses the API'),
      (e: { stdout: string }) => e.stdout,
    );
    assert.match(failed, /misuses\.ts\(2,\d+\): error TS2322: Type '"docx"' is not assignable/);
    assert.match(failed, /misuses\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });

  test('npx quire init and npx quire build make a book outside the repository', async () => {
    const tmp = await mkdtemp(join(work, 'tmp-'));
    const npx = (...args: string[]) => run('npx', ['--no', 'quire', ...args], { cwd: app, env: envWith(tmp) });
    const init = await npx('init', 'cli-book');
    assert.match(init.stdout, /created a book in .*cli-book/);
    const bookYaml = await readFile(join(app, 'cli-book', 'book.yaml'), 'utf8');
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(bookYaml.split('\n')[0]!)?.[1];
    assert.equal(schema, '../node_modules/quire/schema/book.schema.json');
    assert.ok(existsSync(resolve(dirname(join(app, 'cli-book', 'book.yaml')), schema)));

    const built = await npx('build', 'cli-book');
    const files = built.stdout
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => resolve(app, line.trim()));
    await assertOutputs({
      html: files.filter((f) => f.endsWith('index.html')),
      epub: files.filter((f) => f.endsWith('.epub')),
      pdf: files.filter((f) => f.endsWith('.pdf')),
    });
    assert.match((await npx('--version')).stdout.trim(), /^\d+\.\d+\.\d+/);
    assert.deepEqual(leftInTemp(tmp), [], 'nothing left in the temporary folder, no tsx cache');
  });
});
