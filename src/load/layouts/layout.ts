/** What every layout reader returns: the parts of a Book that depend on the layout. */
import type { Book } from '../../model.ts';
import type { LoadCache } from '../read-cache.ts';

export type LayoutBook = Pick<
  Book,
  'layout' | 'configFile' | 'config' | 'chapters' | 'parts' | 'warnings' | 'numbering' | 'hiddenLines' | 'site'
>;

export interface LayoutOptions {
  /** Absolute path of the book root. */
  root: string;
  drafts: boolean;
  /** Watch mode's files read by the build before (Quire's own layout). */
  cache?: LoadCache;
}
