/**
 * What a Docusaurus site's `docusaurus.config.{js,ts,mjs,cjs}` says about its docs, read statically
 * (js-literals.ts; the author's code is never run): the title and tagline, the docs plugin's `path`,
 * `routeBasePath` and `sidebarPath` (from the classic preset's `docs` or the docs plugin's options),
 * and `staticDirectories`. What is not a literal keeps Docusaurus' default, with a warning.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QuireError } from '../../util/errors.ts';
import { readTextFile } from '../text-file.ts';
import { objectValue, readModuleValue, stringValue, Unread, type JsValue } from './js-literals.ts';

export const CONFIG_NAMES = [
  'docusaurus.config.ts',
  'docusaurus.config.js',
  'docusaurus.config.mjs',
  'docusaurus.config.cjs',
];
export const SIDEBAR_NAMES = ['sidebars.ts', 'sidebars.js', 'sidebars.mjs', 'sidebars.cjs', 'sidebars.json'];

export interface SiteConfig {
  /** The config file, when the site has one. */
  file: string | undefined;
  title: string | undefined;
  tagline: string | undefined;
  docsDir: string;
  /** The docs' route base, `/docs` by default, without a trailing slash (`` for `/`). */
  routeBase: string;
  /** The sidebars file, when there is one (`sidebarPath: false` says there is none). */
  sidebarFile: string | undefined;
  staticDirs: string[];
  warnings: QuireError[];
}

export async function readSiteConfig(siteDir: string): Promise<SiteConfig> {
  const file = CONFIG_NAMES.map((n) => join(siteDir, n)).find((f) => existsSync(f));
  const warnings: QuireError[] = [];
  const data = file ? objectValue(readModuleValue(await readTextFile(file), file).value) : undefined;
  const docs = data ? docsOptions(data) : undefined;
  const unread = (key: string, value: JsValue | undefined) => {
    if (value instanceof Unread)
      warnings.push(
        new QuireError(`\`${key}\` is not a literal value (\`${shorten(value.text)}\`): Docusaurus’ default is used`, {
          file,
          line: value.line,
          hint: 'Quire reads the config without running it; write the value itself to have Quire use it',
        }),
      );
  };
  for (const key of ['title', 'tagline', 'staticDirectories']) unread(key, data?.[key]);
  for (const key of ['path', 'routeBasePath', 'sidebarPath']) unread(`docs.${key}`, docs?.[key]);
  const statics = Array.isArray(data?.staticDirectories) ? data.staticDirectories : ['static'];
  const sidebarPath = docs?.sidebarPath;
  return {
    file,
    title: stringValue(data?.title),
    tagline: stringValue(data?.tagline),
    docsDir: resolve(siteDir, stringValue(docs?.path) ?? 'docs'),
    routeBase: `/${stringValue(docs?.routeBasePath) ?? 'docs'}`.replace(/\/+/g, '/').replace(/\/$/, ''),
    sidebarFile:
      sidebarPath === false
        ? undefined
        : typeof sidebarPath === 'string'
          ? resolve(siteDir, sidebarPath)
          : SIDEBAR_NAMES.map((n) => join(siteDir, n)).find((f) => existsSync(f)),
    staticDirs: statics.flatMap((d) => (typeof d === 'string' ? [resolve(siteDir, d)] : [])),
    warnings,
  };
}

/** The docs plugin's options: the classic preset's `docs`, or `@docusaurus/plugin-content-docs`' own. */
function docsOptions(config: Record<string, JsValue>): Record<string, JsValue> | undefined {
  for (const key of ['presets', 'plugins']) {
    const list = config[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const options = objectValue(entry[1]);
      if (key === 'presets' && /classic/.test(entry[0])) return objectValue(options?.docs);
      if (key === 'plugins' && /content-docs/.test(entry[0]) && !options?.id) return options;
    }
  }
  return undefined;
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}…` : text).replace(/\s+/g, ' ');
