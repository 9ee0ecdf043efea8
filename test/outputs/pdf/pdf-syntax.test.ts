/**
 * Joining a part from its bytes (join-part.ts) rewrites each object's text: references renumbered,
 * parent-tree keys shifted, element ids renamed, and every other byte as it was.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readValue, Ref, rewrite, Str } from '../../../src/outputs/pdf/pdf-syntax.ts';

const how = { ref: (n: number) => n + 100, shift: 10, id: (raw: string) => raw.replace('node', 'cell') };

test('references, parent-tree keys and ids are rewritten; strings, numbers and names that look like them are not', () => {
  const value =
    '<</Type /StructElem\n/S /TD\n/ID (node00000007)\n/P 5 0 R\n/Pg 3 0 R\n/K [1 2 0 R]\n' +
    '/A <</O /Table\n/Headers [(node00000003) (node00000004)]>>\n/T (see 1 0 R \\) 2 0 R)\n/Alt <3120302052>\n' +
    '/R /R\n/StructParent 4>>';
  const text = `12 0 obj\n${value}\nendobj\n`;
  const at = text.indexOf('<<');
  const result = rewrite(text, at, text.length, how);
  assert.equal(
    result.text,
    '<</Type /StructElem\n/S /TD\n/ID (cell00000007)\n/P 105 0 R\n/Pg 103 0 R\n/K [1 102 0 R]\n' +
      '/A <</O /Table\n/Headers [(cell00000003) (cell00000004)]>>\n/T (see 1 0 R \\) 2 0 R)\n/Alt <3120302052>\n' +
      '/R /R\n/StructParent 14>>',
  );
  assert.equal(result.end, at + value.length, 'ends where the dictionary does');
});

test("a stream's dictionary is rewritten and its data is not read", () => {
  const text = '7 0 obj\n<</Filter /FlateDecode\n/Font 9 0 R\n/Length 12>> stream\n(1 0 R <<]]\nendstream\nendobj\n';
  const result = rewrite(text, text.indexOf('<<'), text.length, how);
  assert.equal(result.text, '<</Filter /FlateDecode\n/Font 109 0 R\n/Length 12>>');
  assert.equal(text.slice(result.end), ' stream\n(1 0 R <<]]\nendstream\nendobj\n');
});

test('a value cut short is an error, not a shorter value', () => {
  const text = '3 0 obj\n<</Kids [4 0 R 5 0';
  assert.throws(() => rewrite(text, text.indexOf('<<'), text.length, how));
});

test('values are read as written', () => {
  const value = readValue('<</Type /Pages /Kids [4 0 R 5 0 R] /Count 2 /Lang (zh) /Box [0 0 594.95996 841.91998]>>');
  assert.ok(value instanceof Map);
  assert.equal(value.get('/Type'), '/Pages');
  assert.deepEqual(value.get('/Kids'), [new Ref(4), new Ref(5)]);
  assert.equal(value.get('/Count'), 2);
  assert.deepEqual(value.get('/Lang'), new Str('(zh)'));
  assert.deepEqual(value.get('/Box'), [0, 0, 594.95996, 841.91998]);
});
