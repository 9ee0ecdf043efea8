/** Where a book keeps Quire's settings, which depends on the layout it is written in. */

/** Quire's settings for a book in any other tool's layout (see load-book.ts). */
export const QUIRE_YAML = 'quire.yaml';

/** Where a book in this layout keeps its Quire settings, for hints that tell the user to set one. */
export function settingsPlace(configFile: string): string {
  if (configFile.endsWith('book.yaml')) return 'in book.yaml';
  if (configFile.endsWith('book.toml')) return 'in book.toml’s `[output.quire]` table';
  if (configFile.endsWith('book.json')) return 'in book.json’s `pluginsConfig.quire`';
  return `in a ${QUIRE_YAML} in the book’s folder`;
}
