// The text of a PDF as a reader sees it, through Mozilla's pdf.js (the 4.x line, the last that runs on Node 20).
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));

/** The text of every page, joined; the document information (title, subject) too. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; title: string; subject: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    // The predefined CJK CMaps (UniGB-UTF16-H …) and the standard fonts, from the package itself: nothing fetched.
    cMapUrl: `${path.join(PDFJS_ROOT, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(PDFJS_ROOT, 'standard_fonts')}/`,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    const info = (await document.getMetadata()).info as { Title?: string; Subject?: string };
    return { text: pages.join('\n'), title: info.Title ?? '', subject: info.Subject ?? '' };
  } finally {
    await document.destroy();
  }
}
