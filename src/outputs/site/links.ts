/**
 * What the site links to besides its own pages: the PDF, the EPUB and each chapter's handout when
 * this build writes them or an earlier one left them in the output folder, and the address to edit
 * each chapter's source (book.yaml's `site.editUrl`).
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SiteLinks } from '../../assemble/site-pages.ts';
import type { OutputFormat } from '../../load/config-schema.ts';
import type { RenderedBook } from '../../model.ts';
import { labelsFor } from '../../render/labels.ts';
import { handoutName } from '../pdf/handout-name.ts';

export function siteLinks(
  rendered: RenderedBook,
  outDir: string,
  formats: (OutputFormat | 'handouts')[] = [],
): SiteLinks {
  const { book } = rendered;
  const { name } = book.config.output;
  const labels = labelsFor(book.config.language).site;
  // The site is dist/html/; the other outputs sit beside it.
  const present = (format: OutputFormat | 'handouts', file: string) =>
    formats.includes(format) || existsSync(join(outDir, file));
  const downloads = [
    ...(present('pdf', `${name}.pdf`) ? [{ href: `../${name}.pdf`, label: 'PDF' }] : []),
    ...(present('epub', `${name}.epub`) ? [{ href: `../${name}.epub`, label: 'EPUB' }] : []),
  ];
  const handouts = new Map(rendered.chapters.map((c, i) => [c.chapter.id, `handouts/${handoutName(c, i)}.pdf`]));
  const { editUrl } = book.config.site;
  return {
    downloads,
    chapter: (c) => {
      const handout = handouts.get(c.chapter.id)!;
      const path = relative(book.root, c.chapter.file).split(sep).join('/');
      return {
        handout: present('handouts', handout) ? { href: `../${handout}`, label: labels.handout } : undefined,
        editUrl: editUrl?.replace('{path}', () => path.split('/').map(encodeURIComponent).join('/')),
      };
    },
  };
}
