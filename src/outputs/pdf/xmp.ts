/**
 * The PDF's XMP metadata stream and the catalog entries PDF/UA asks for: the title shown in the
 * window (DisplayDocTitle), and the PDF/UA-1 identification when the print's tags bear it out
 * (every image described or marked as decoration; see README, "What Quire guarantees").
 */
import { PDFBool, PDFDict, PDFName, type PDFContext, type PDFRef } from 'pdf-lib';
import type { PdfMetadata } from './finish.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An ISO date with seconds, as XMP writes dates. */
const xmpDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The XMP packet: Dublin Core, XMP basic and PDF properties, and the PDF/UA part when claimed. */
export function xmpPacket(meta: PdfMetadata): string {
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li></rdf:Alt>`;
  const list = (kind: 'Seq' | 'Bag', items: string[]) =>
    `<rdf:${kind}>${items.map((i) => `<rdf:li>${xml(i)}</rdf:li>`).join('')}</rdf:${kind}>`;
  const date = xmpDate(meta.date);
  const properties = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(meta.title)}</dc:title>`,
    ...(meta.authors.length > 0 ? [`<dc:creator>${list('Seq', meta.authors)}</dc:creator>`] : []),
    ...(meta.subject ? [`<dc:description>${alt(meta.subject)}</dc:description>`] : []),
    ...(meta.keywords.length > 0 ? [`<dc:subject>${list('Bag', meta.keywords)}</dc:subject>`] : []),
    `<dc:language>${list('Bag', [meta.language])}</dc:language>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '<xmp:CreatorTool>Quire</xmp:CreatorTool>',
    `<pdf:Producer>${PRODUCER}</pdf:Producer>`,
    ...(meta.keywords.length > 0 ? [`<pdf:Keywords>${xml(meta.keywords.join(' '))}</pdf:Keywords>`] : []),
    ...(meta.pdfua ? ['<pdfuaid:part>1</pdfuaid:part>'] : []),
  ];
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
${properties.join('\n')}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

export const PRODUCER = 'Quire (Chromium, pdf-lib)';

/**
 * Set the catalog's /Metadata (a new, uncompressed XMP stream: readers and checkers find it without
 * a filter) and /ViewerPreferences with DisplayDocTitle, keeping preferences already there.
 */
export function writeXmp(context: PDFContext, catalog: PDFDict, meta: PdfMetadata): PDFRef {
  const stream = context.stream(Buffer.from(xmpPacket(meta), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  const ref = context.register(stream);
  catalog.set(PDFName.of('Metadata'), ref);
  const existing = catalog.get(PDFName.of('ViewerPreferences'));
  const preferences = existing instanceof PDFDict ? existing : (context.obj({}) as PDFDict);
  preferences.set(PDFName.of('DisplayDocTitle'), PDFBool.True);
  catalog.set(PDFName.of('ViewerPreferences'), preferences);
  return ref;
}
