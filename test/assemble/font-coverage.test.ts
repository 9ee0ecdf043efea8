/**
 * The faces Quire declares cover what their files really hold: read back from the font files
 * with fontkit, not from the packages' CSS (whose unicode-ranges claim characters the files lack).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import * as fontkit from 'fontkit';
import { bundledFaces, facesFor } from '../../src/assemble/fonts.ts';

const require = createRequire(import.meta.url);
const packageDir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

/** Whether a CSS unicode-range string holds a code point. */
function rangeHolds(range: string, cp: number): boolean {
  return range.split(',').some((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return cp >= parseInt(from!, 16) && cp <= parseInt(to ?? from!, 16);
  });
}

test('a Traditional Chinese face never claims a Simplified-only character its file lacks', () => {
  const dir = packageDir('@fontsource/noto-sans-tc');
  const css = readFileSync(join(dir, '400.css'), 'utf8');
  for (const ch of '这简镜验终') {
    const cp = ch.codePointAt(0)!;
    // The package's own CSS declares it…
    const declaring = [...css.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)[^}]*unicode-range:\s*([^;]+);/g)].filter((m) =>
      rangeHolds(m[2]!, cp),
    );
    assert.ok(declaring.length > 0, `the package declares ${ch}`);
    // …its file has no glyph for it…
    for (const m of declaring) {
      const font = fontkit.create(readFileSync(join(dir, 'files', m[1]!))) as { characterSet: number[] };
      assert.ok(!font.characterSet.includes(cp), `${m[1]} has no ${ch}`);
    }
    // …and Quire's faces of the package do not claim it.
    const tc = bundledFaces().filter((f) => f.family === 'Noto Sans TC');
    assert.deepEqual(
      tc.filter((f) => rangeHolds(f.unicodeRange, cp)).map((f) => basename(f.file)),
      [],
    );
  }
});

test('each face declared for a text holds every character of it that it claims', () => {
  const text = '这是简体中文。這是繁體中文。検索と読書。한국어 문장. Łódź Ελληνικά ✓ ✗ → ─┼ 🙀';
  const faces = facesFor(`\u0000zh-Hans\u0000${text}`);
  assert.ok(faces.length > 0);
  for (const face of faces) {
    const has = new Set((fontkit.create(readFileSync(face.file)) as { characterSet: number[] }).characterSet);
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (rangeHolds(face.unicodeRange, cp)) assert.ok(has.has(cp), `${basename(face.file)} claims ${ch} and has it`);
    }
  }
});
