/**
 * Soft line breaks in Chinese, Japanese, Korean and Latin text (src/render/cjk-breaks.ts), alone on
 * markdown-it and in Quire's own markdown-it configuration.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import markdownIt from 'markdown-it';
import { cjkBreaks } from '../../src/render/cjk-breaks.ts';
import { createMarkdown } from '../../src/render/markdown.ts';

const alone = markdownIt().use(cjkBreaks);
const quire = createMarkdown('zh-Hans');
const render = (text: string) => alone.render(text).trim();
const renderQuire = (text: string) => quire.render(text, { markdownItAnchor: { slugs: {} } }).trim();

test('Chinese: a break between two Han characters or full-width punctuation prints nothing', () => {
  assert.equal(render('中文的段落\n在這裡換行。'), '<p>中文的段落在這裡換行。</p>');
  assert.equal(render('第一句。\n第二句，\n第三句'), '<p>第一句。第二句，第三句</p>');
  assert.equal(render('**粗體**\n接着'), '<p><strong>粗體</strong>接着</p>');
  assert.equal(render('看[連結](a.html)\n之後'), '<p>看<a href="a.html">連結</a>之後</p>');
  // A character beyond U+FFFF (CJK Extension B) on either side.
  assert.equal(render('𠀀\n𠀁'), '<p>𠀀𠀁</p>');
});

test('Japanese: kana and kanji join; half-width katakana too', () => {
  assert.equal(render('あおえ\nうい\naoe\nui'), '<p>あおえうい\naoe\nui</p>');
  assert.equal(render('日本語の\n文章です'), '<p>日本語の文章です</p>');
  assert.equal(render('ｱｲｳ\nｴｵ'), '<p>ｱｲｳｴｵ</p>');
});

test('a break stays (a space on the page) next to Latin text, Hangul or an ambiguous-width character', () => {
  assert.equal(render('中文\nEnglish'), '<p>中文\nEnglish</p>');
  assert.equal(render('English\n中文'), '<p>English\n中文</p>');
  assert.equal(render('한국어\n문장'), '<p>한국어\n문장</p>');
  assert.equal(render('“\n中”'), '<p>“\n中”</p>');
  assert.equal(render('plain\nEnglish'), '<p>plain\nEnglish</p>');
});

test('a break next to a zero-width space goes, the zero-width space stays', () => {
  assert.equal(render('a\u200b\nb'), '<p>a\u200bb</p>');
  assert.equal(render('a\n\u200bb'), '<p>a\u200bb</p>');
});

test('no error on the empty text tokens markdown-it 15 leaves around emphasis', () => {
  for (const md of [render, renderQuire]) {
    assert.equal(md('This is **bold**\nand more.'), '<p>This is <strong>bold</strong>\nand more.</p>');
    assert.equal(md('這是**粗體**\n和更多。'), '<p>這是<strong>粗體</strong>和更多。</p>');
    // CommonMark spec example 432.
    assert.equal(
      md('**foo *bar **baz**\nbim* bop**'),
      '<p><strong>foo <em>bar <strong>baz</strong>\nbim</em> bop</strong></p>',
    );
  }
});
