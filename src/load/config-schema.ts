/**
 * book.yaml: the one schema that gives the config its types, its defaults and
 * its documentation (`configReference()` renders the README table from it). Each default is
 * written once, on its key: a section left out (`.prefault({})`) is filled in from its keys.
 */
import { z } from 'zod';

export const OUTPUT_FORMATS = ['html', 'pdf', 'epub'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const stringList = z.union([z.string().transform((s) => [s]), z.array(z.string())]);

const length = z.string().regex(/^\d+(\.\d+)?(mm|cm|in|pt|px)$/, 'a CSS length such as 20mm, 0.75in or 54pt');

const marginsSchema = z
  .strictObject({
    top: length.default('22mm').describe('Top margin.'),
    bottom: length.default('24mm').describe('Bottom margin.'),
    inner: length.default('20mm').describe('Inner margin (left on right-hand pages when mirrored).'),
    outer: length.default('20mm').describe('Outer margin (right on right-hand pages when mirrored).'),
  })
  .prefault({});

const pdfSchema = z
  .strictObject({
    pageSize: z
      .enum(['A4', 'A5', 'Letter', '6x9'])
      .default('A4')
      .describe('Paper size of the PDF: A4, A5, Letter or 6x9 (inches). `width` and `height` override it.'),
    width: length.optional().describe('Page width, for a size not in `pageSize` (give `height` too).'),
    height: length.optional().describe('Page height, for a size not in `pageSize` (give `width` too).'),
    margins: marginsSchema.describe('Page margins.'),
    mirrorMargins: z
      .boolean()
      .default(false)
      .describe('Swap inner and outer margins on left-hand pages, for printed and bound books.'),
    recto: z.boolean().default(false).describe('Start every chapter on a right-hand (odd) page.'),
    runningHeads: z.boolean().default(true).describe('Print the book and chapter titles at the top of pages.'),
    handouts: z
      .boolean()
      .default(false)
      .describe('Also write one PDF per chapter to `handouts/` (as `quire build --handouts`).'),
    printTimeout: z
      .number()
      .positive()
      .default(300)
      .describe(
        'Seconds one print (one part of a long book, or one step of drawing diagrams) may take before the browser is taken to have hung: it is then killed and the print tried once more in a fresh one.',
      ),
    browser: z
      .string()
      .optional()
      .describe(
        'Path to a Chromium or Chrome executable. Else PUPPETEER_EXECUTABLE_PATH, then puppeteer’s downloaded Chrome, then the usual system paths.',
      ),
  })
  .refine((pdf) => (pdf.width === undefined) === (pdf.height === undefined), {
    message: 'give both `width` and `height`, or neither',
    path: ['width'],
  })
  .prefault({});

const outputSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[^/\\]+$/, 'a file name without slashes')
      .default('book')
      .describe('Base name of the PDF and EPUB files: dist/<name>.pdf, dist/<name>.epub.'),
    formats: z
      .array(z.enum(OUTPUT_FORMATS))
      .default([...OUTPUT_FORMATS])
      .describe('Outputs built when `--format` is not given: any of html, pdf, epub.'),
    dir: z.string().default('dist').describe('Output folder, relative to the book root (`--out` overrides).'),
  })
  .prefault({});

const fontSchema = z
  .strictObject({
    file: z
      .string()
      .optional()
      .describe('A font file in the book (TrueType, OpenType, WOFF or WOFF2), relative to the book root.'),
    package: z
      .string()
      .optional()
      .describe(
        'An npm font package in the @fontsource layout (e.g. `@fontsource/literata`), installed in the book’s folder or beside Quire.',
      ),
    family: z.string().optional().describe('The name styles know it by. Default: the font’s own family name.'),
    weight: z.number().int().min(100).max(900).default(400).describe('A file’s weight (a package brings its own).'),
    style: z.enum(['normal', 'italic']).default('normal').describe('A file’s style (a package brings its own).'),
    role: z
      .enum(['body', 'heading', 'mono', 'fallback'])
      .default('body')
      .describe(
        'Where it comes first: body text, headings, code, or only for characters no other font has (`fallback`).',
      ),
  })
  .refine((font) => (font.file === undefined) !== (font.package === undefined), {
    message: 'give either `file` or `package`',
  });

export type FontConfig = z.output<typeof fontSchema>;

export const configSchema = z.strictObject({
  title: z.string().min(1).describe('The book’s title.'),
  subtitle: z.string().optional().describe('A subtitle, shown on the cover and title page.'),
  authors: stringList.default([]).describe('Author names: a list, or one string.'),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as zh-Hant or en')
    .default('en')
    .describe(
      'BCP 47 language tag of the text, e.g. `zh-Hant`, `en`: the language of every output, and of the labels Quire prints (chapter numbers, admonition titles).',
    ),
  identifier: z
    .string()
    .optional()
    .describe('A unique identifier (ISBN, URN or URL). Default: derived from the title, stable across builds.'),
  publisher: z.string().optional().describe('Publisher’s name.'),
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
    .optional()
    .describe('Publication date, YYYY-MM-DD.'),
  description: z
    .string()
    .optional()
    .describe('A short description of the book: EPUB metadata, the title page and the site.'),
  keywords: stringList.default([]).describe('Keywords, for the PDF and EPUB metadata.'),
  rights: z.string().optional().describe('Copyright or licence statement.'),
  cover: z
    .string()
    .optional()
    .describe(
      'Cover image (PNG, JPEG or SVG), relative to the book root. Without one, the EPUB gets a cover drawn from the cover template.',
    ),
  epub: z
    .strictObject({
      embedFonts: z
        .boolean()
        .default(false)
        .describe(
          'Embed the book’s fonts (only the parts the book uses) so readers show the book in them; readers may still let the reader choose.',
        ),
    })
    .prefault({})
    .describe('EPUB settings.'),
  site: z
    .strictObject({
      editUrl: z
        .string()
        .regex(/\{path\}/, 'must contain `{path}`, which stands for the chapter file’s path in the book')
        .optional()
        .describe(
          'Address of a page to edit a chapter’s source, `{path}` standing for the chapter file’s path from the book folder (e.g. `https://github.com/me/book/edit/main/{path}`): each chapter of the site then links to it as “edit this page”.',
        ),
    })
    .prefault({})
    .describe('HTML site settings.'),
  siteUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'Where the book’s site is published (e.g. `https://example.com/book/`). Links that leave the book become absolute against it in the PDF and EPUB; without it they print as plain text there (the site keeps them as written).',
    ),
  fonts: z
    .array(fontSchema)
    .default([])
    .describe(
      'The book’s own fonts, used by the site, the PDF and (with `epub.embedFonts`) the EPUB before Quire’s bundled ones. Each is `file` (a font file in the book) or `package` (an npm font package in the @fontsource layout), with optional `family` (the name to use), `weight` and `style` (of a file), and `role`: `body` (default), `heading`, `mono` or `fallback`. E.g. `[{ file: fonts/Literata.woff2, role: body }]`. See “Fonts”.',
    ),
  remoteImages: z
    .boolean()
    .default(false)
    .describe(
      'Allow images from http(s) URLs. Each is fetched once per build, with a time limit, and embedded like a local image.',
    ),
  chapters: z
    .array(z.string())
    .optional()
    .describe(
      'Explicit chapter order: paths relative to `chapters/`. When given, it wins over front matter and file names, and lists every chapter to include.',
    ),
  output: outputSchema.describe('Output settings.'),
  pdf: pdfSchema.describe('PDF settings.'),
});

/** The validated config, defaults applied. */
export type BookConfig = z.output<typeof configSchema>;

/** One row of the book.yaml reference: key path, type, default, description. */
export interface ConfigKeyDoc {
  key: string;
  type: string;
  default: string;
  description: string;
}

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  required?: string[];
}

/** Every key of book.yaml, documented from the schema itself. */
export function configReference(): ConfigKeyDoc[] {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const rows: ConfigKeyDoc[] = [];
  const walk = (node: JsonSchemaNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const key = prefix + name;
      const required = node.required?.includes(name) && child.default === undefined;
      rows.push({
        key,
        type: typeName(child),
        // A section's default is its keys' defaults, given on their own rows.
        default: required
          ? '(required)'
          : child.default === undefined || child.properties
            ? ''
            : JSON.stringify(child.default),
        description: child.description ?? '',
      });
      if (child.properties) walk(child, `${key}.`);
    }
  };
  walk(root, '');
  return rows;
}

function typeName(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.anyOf) return node.anyOf.map(typeName).join(' or ');
  if (node.type === 'array') return `list of ${node.items ? typeName(node.items) : 'any'}`;
  if (node.properties) return 'map';
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}

/** Keys allowed at a path of the config (for "did you mean" suggestions). */
export function knownKeys(path: readonly (string | number)[]): string[] {
  let node = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  for (const part of path) {
    const next = node.properties?.[String(part)];
    if (!next) return [];
    node = next;
  }
  return Object.keys(node.properties ?? {});
}
