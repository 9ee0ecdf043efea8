/**
 * A fontconfig setup with Latin fonts only, as on a typical user's machine: a build machine with CJK
 * system fonts would hide characters that Quire's bundled fonts do not cover.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LATIN_FONTS = '/usr/share/fonts/truetype/dejavu';

/** Write `fonts.conf` (and its cache folder) under `dir`; returns the file, for FONTCONFIG_FILE. */
export function writeLatinFontconfig(dir: string): string {
  const cache = join(dir, 'cache');
  mkdirSync(cache, { recursive: true });
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
      '<fontconfig>',
      `  <dir>${LATIN_FONTS}</dir>`,
      `  <cachedir>${cache}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  return file;
}
