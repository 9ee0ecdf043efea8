/** The HTML site: dist/html/index.html, a page per chapter, and assets/ (styles, fonts, images). */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sitePages } from '../assemble/documents.ts';
import { facesFor, fontFaceCss, textOf } from '../assemble/fonts.ts';
import { replaceDirAtomic } from '../util/atomic.ts';
import type { Output, UrlResolver } from './output.ts';

export const htmlOutput: Output = {
  name: 'html',
  async write({ rendered, templates, outDir }) {
    const urls: UrlResolver = {
      chapter: (id, anchor) => `${id}.html${anchor ? `#${anchor}` : ''}`,
      asset: (path, anchor) => `assets/${path}${anchor ? `#${anchor}` : ''}`,
    };
    const pages = sitePages(rendered, templates, urls);
    const faces = facesFor(pages.map((p) => textOf(p.html)).join(''));
    const target = join(outDir, 'html');
    await replaceDirAtomic(target, async (dir) => {
      const assets = join(dir, 'assets');
      await mkdir(join(assets, 'fonts'), { recursive: true });
      const copies = [
        ...pages.map((p) => writeFile(join(dir, p.file), p.html)),
        writeFile(
          join(assets, 'fonts.css'),
          fontFaceCss(faces, (f) => `fonts/${basename(f.file)}`),
        ),
        writeFile(join(assets, 'base.css'), templates.css('styles/base.css')),
        writeFile(join(assets, 'screen.css'), templates.css('styles/screen.css')),
        ...faces.map((f) => copyFile(f.file, join(assets, 'fonts', basename(f.file)))),
        ...rendered.assets.map(async (a) => {
          const to = join(assets, a.path);
          await mkdir(dirname(to), { recursive: true });
          await copyFile(a.file, to);
        }),
      ];
      await Promise.all(copies);
    });
    return [join(target, 'index.html')];
  },
};
