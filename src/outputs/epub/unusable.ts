/**
 * Images the EPUB cannot carry (see media.ts) shown by their alt text, and what cleaning SVG
 * files left out, as warnings.
 */
import { Element, Text, type ChildNode } from 'domhandler';
import type { RenderedBook } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import type { MediaSet } from './media.ts';
import type { Change } from './xhtml-sanitize.ts';

/** The URL prefix chapters get for an image left out: it never reaches the EPUB. */
export const UNUSABLE = 'quire-unusable:';

/** The XHTML writer's `replace` hook: an image left out becomes its alt text. */
export function altText(
  unusable: MediaSet['unusable'],
  report: (change: Change) => void,
): (element: Element) => ChildNode | undefined {
  return (element) => {
    const src = element.name === 'img' ? element.attribs.src : undefined;
    if (!src?.startsWith(UNUSABLE)) return undefined;
    const path = src.slice(UNUSABLE.length);
    const name = path.split('/').pop()!;
    report({
      what: `the image \`${path}\` ${unusable.get(path) ?? 'cannot be used'}: left out, its alt text shown`,
      source: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    });
    const alt = element.attribs.alt?.trim() || name;
    const span = new Element('span', { class: 'missing-image' }, [new Text(alt)]);
    span.children[0]!.parent = span;
    return span;
  };
}

/** One warning per SVG file that lost something to cleaning, naming the file. */
export function svgWarnings(rendered: RenderedBook, media: MediaSet['packaged']): QuireError[] {
  return rendered.assets.flatMap((asset) => {
    const removed = media.get(asset.path)?.removed ?? [];
    if (removed.length === 0) return [];
    return [
      new QuireError(`EPUB: left out of this SVG file: ${[...new Set(removed)].join(', ')}`, {
        file: asset.file,
        hint: 'an EPUB’s SVG may hold no scripts and refer to no file outside itself; embed images in the SVG, or export it without them',
      }),
    ];
  });
}
