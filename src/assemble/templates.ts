/**
 * Handlebars templates and stylesheets. Quire's defaults live in templates/; a book overrides any
 * file by placing one with the same path in its own templates/ folder. Everything is checked
 * when loaded (syntax, partials and helpers that exist), so a template mistake names its file
 * and line before any output is written.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { QuireError, problems } from '../util/errors.ts';

export const DEFAULT_TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface Templates {
  /** Render `name` (e.g. `print.hbs`) with `data`. */
  render(name: string, data: object): string;
  /** The text of a stylesheet (e.g. `styles/print.css`). */
  css(name: string): string;
  /** Where each template file came from: relative name to absolute path. */
  files: Map<string, string>;
  /** A hash of every template's name and text: equal fingerprints render equal documents. */
  fingerprint: string;
}

type Helper = Handlebars.HelperDelegate;

const helpers: Record<string, Helper> = {
  eq: (a: unknown, b: unknown) => a === b,
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''),
};

/** Watch mode keeps the last templates: compiling them again is only needed when a file changed. */
export interface TemplateCache {
  last?: Templates;
}

export async function loadTemplates(bookRoot: string, cache?: TemplateCache): Promise<Templates> {
  const files = new Map<string, string>();
  for (const dir of [DEFAULT_TEMPLATES, join(bookRoot, 'templates')]) {
    if (!existsSync(dir)) continue;
    for (const file of await listFiles(dir)) files.set(relative(dir, file).split(sep).join('/'), file);
  }
  const texts = new Map(
    await Promise.all([...files].map(async ([name, file]) => [name, await readFile(file, 'utf8')] as const)),
  );
  const hash = createHash('sha256');
  for (const name of [...texts.keys()].sort()) hash.update(`${name}\0${files.get(name)}\0${texts.get(name)}\0`);
  const fingerprint = hash.digest('hex');
  if (cache?.last?.fingerprint === fingerprint) return cache.last;

  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const partialNames = [...files.keys()].filter((n) => n.startsWith('partials/') && n.endsWith('.hbs'));
  const known = {
    partials: new Set(partialNames.map((n) => basename(n, '.hbs'))),
    helpers: new Set(Object.keys(hb.helpers)),
  };

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  // Every template is checked before any is used, so all their mistakes are reported at once.
  const errors: QuireError[] = [];
  for (const [name, text] of texts) {
    if (!name.endsWith('.hbs')) continue;
    const file = files.get(name)!;
    let ast: hbs.AST.Program;
    try {
      ast = parseTemplate(text, file);
    } catch (error) {
      if (!(error instanceof QuireError)) throw error;
      errors.push(error);
      continue;
    }
    const before = errors.length;
    checkReferences(ast, known, file, text, errors);
    if (errors.length > before) continue;
    const template = hb.compile(text, { strict: false, noEscape: false });
    if (name.startsWith('partials/')) hb.registerPartial(basename(name, '.hbs'), template);
    else compiled.set(name, template);
  }

  if (errors.length > 0) throw problems(errors);

  const templates: Templates = {
    files,
    fingerprint,
    render(name, data) {
      const template = compiled.get(name);
      if (!template)
        throw new QuireError(`template \`${name}\` not found`, { file: join(bookRoot, 'templates', name) });
      try {
        return template(data, { allowProtoPropertiesByDefault: false });
      } catch (cause) {
        throw new QuireError(`template error: ${(cause as Error).message}`, {
          file: files.get(name),
          cause,
          hint: 'check the template and the partials it uses',
        });
      }
    },
    css(name) {
      const text = texts.get(name);
      if (text === undefined)
        throw new QuireError(`stylesheet \`${name}\` not found`, { file: join(DEFAULT_TEMPLATES, name) });
      return text;
    },
  };
  if (cache) cache.last = templates;
  return templates;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function parseTemplate(text: string, file: string): hbs.AST.Program {
  try {
    return Handlebars.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const line = Number(/on line (\d+)/.exec(message)?.[1]) || undefined;
    throw new QuireError(`template syntax error: ${message.split('\n').pop()}`, {
      file,
      line,
      source: text,
      cause,
      hint: 'check that every {{#block}} has its {{/block}} and every {{ has its }}',
    });
  }
}

/** Unknown partials and helpers are errors at load time, with their line. */
function checkReferences(
  ast: hbs.AST.Program,
  known: { partials: Set<string>; helpers: Set<string> },
  file: string,
  source: string,
  errors: QuireError[],
): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as {
      type?: string;
      name?: { original?: unknown };
      path?: { original?: unknown };
      params?: unknown[];
      loc?: hbs.AST.SourceLocation;
    };
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') {
      const name = String(n.name?.original ?? '');
      if (!known.partials.has(name)) {
        errors.push(
          new QuireError(`unknown partial \`${name}\``, {
            file,
            line: n.loc?.start.line,
            source,
            hint: `add templates/partials/${name}.hbs, or use one of: ${[...known.partials].join(', ')}`,
          }),
        );
      }
    }
    // A name with arguments is a helper call; a bare `{{name}}` or `{{#name}}` may be plain data.
    const isCall =
      n.type === 'SubExpression' ||
      ((n.type === 'MustacheStatement' || n.type === 'BlockStatement') && (n.params?.length ?? 0) > 0);
    if (isCall && typeof n.path?.original === 'string' && !known.helpers.has(n.path.original)) {
      errors.push(
        new QuireError(`unknown helper \`${n.path.original}\``, {
          file,
          line: n.loc?.start.line,
          source,
          hint: `available helpers: ${[...known.helpers].sort().join(', ')}`,
        }),
      );
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
}
