import type { LocalizedText } from '../../../shared/domain/identity/index.ts';
import type { ReceiptDocument } from './receipt-document.ts';
import { qrMatrix, type QrMatrix } from './qr.ts';

/**
 * The receipt as a PDF, made in the page: what web mode keeps (the desktop shell keeps its own copy of every
 * printed page through Electron's printToPDF). One A4 page, written directly:
 *
 * - Chinese text uses STSong-Light, one of the standard CJK fonts every PDF reader provides (Adobe's Asian font
 *   packs, PDFium in Chromium, pdf.js, macOS Preview), addressed through the predefined UniGB-UTF16-H CMap. Nothing is
 *   embedded, so the file stays a few kilobytes and no font ships with the app. A ToUnicode map makes the text
 *   extractable and searchable.
 * - Latin text (the case number, dates, amounts) uses Helvetica, one of the 14 standard fonts, in plain literal
 *   strings: the case number is readable in the file's bytes too.
 * - The content stream is not compressed; the QR code is drawn as filled squares.
 */

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;

// Helvetica advance widths (AFM, 1/1000 em) for ASCII 32–126.
// prettier-ignore
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
/** Latin-1 characters WinAnsiEncoding places at their own code: ¥ · ×. */
const LATIN1_WIDTHS: Record<number, number> = { 0xa5: 556, 0xb7: 278, 0xd7: 584 };

const isLatin = (codePoint: number): boolean => (codePoint >= 0x20 && codePoint <= 0x7e) || codePoint in LATIN1_WIDTHS;

function charWidth(codePoint: number): number {
  if (codePoint >= 0x20 && codePoint <= 0x7e) return HELVETICA_WIDTHS[codePoint - 0x20]!;
  return LATIN1_WIDTHS[codePoint] ?? 1000;
}

export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const char of text) units += charWidth(char.codePointAt(0)!);
  return (units * size) / 1000;
}

/** Breaks a line into lines no wider than `width`, at spaces in Latin text and anywhere between Chinese characters. */
export function wrapText(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.match(/[\x21-\x7e\u00a5\u00b7\u00d7]+|\s+|[^\s]/gu) ?? []) {
    const candidate = line + token;
    if (textWidth(candidate, size) <= width || line.trim() === '') {
      line = candidate;
      continue;
    }
    lines.push(line.trimEnd());
    line = token.trimStart();
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

const escapeLiteral = (text: string): string =>
  Array.from(text)
    .map((char) => {
      const code = char.codePointAt(0)!;
      if (char === '\\' || char === '(' || char === ')') return `\\${char}`;
      if (code > 0x7e) return `\\${code.toString(8).padStart(3, '0')}`;
      return char;
    })
    .join('');

const utf16Hex = (text: string): string =>
  Array.from(text)
    .map((char) => {
      const code = char.codePointAt(0)!;
      // Outside the Basic Multilingual Plane there is nothing in Adobe-GB1 to show: a full-width question mark.
      return (code > 0xffff ? 0xff1f : code).toString(16).toUpperCase().padStart(4, '0');
    })
    .join('');

/** Text-showing operators for one line: runs of Latin in Helvetica (F2), everything else in STSong-Light (F1). */
function showText(text: string, size: number, usedHighBytes: Set<number>): string {
  const runs: string[] = [];
  let current = '';
  let latin: boolean | null = null;
  const flush = () => {
    if (current === '') return;
    if (latin) runs.push(`/F2 ${size} Tf (${escapeLiteral(current)}) Tj`);
    else {
      for (const char of current) usedHighBytes.add(Math.min(char.codePointAt(0)!, 0xff1f) >> 8);
      runs.push(`/F1 ${size} Tf <${utf16Hex(current)}> Tj`);
    }
    current = '';
  };
  for (const char of text) {
    const isLatinChar = isLatin(char.codePointAt(0)!);
    if (latin !== null && isLatinChar !== latin) flush();
    latin = isLatinChar;
    current += char;
  }
  flush();
  return runs.join(' ');
}

interface Cursor {
  y: number;
  ops: string[];
  usedHighBytes: Set<number>;
}

/** Writes `text` from `x`, wrapped to `width` (to the right margin unless given). */
function line(cursor: Cursor, text: string, size: number, x = MARGIN, width = PAGE_WIDTH - MARGIN - x): void {
  for (const part of wrapText(text, size, width)) {
    cursor.y -= size * 1.45;
    cursor.ops.push(
      `BT 1 0 0 1 ${x.toFixed(2)} ${cursor.y.toFixed(2)} Tm ${showText(part, size, cursor.usedHighBytes)} ET`,
    );
  }
}

const both = (text: LocalizedText): string => `${text.zh} ${text.en}`;

function drawQr(ops: string[], matrix: QrMatrix, x: number, top: number, side: number): void {
  const module = side / matrix.size;
  ops.push('0 g');
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (!matrix.isDark(row, column)) continue;
      const px = x + column * module;
      const py = top - (row + 1) * module;
      ops.push(`${px.toFixed(2)} ${py.toFixed(2)} ${module.toFixed(3)} ${module.toFixed(3)} re`);
    }
  }
  ops.push('f');
}

function toUnicodeCMap(highBytes: readonly number[]): string {
  const ranges = highBytes.map((high) => {
    const start = (high << 8).toString(16).toUpperCase().padStart(4, '0');
    const end = ((high << 8) | 0xff).toString(16).toUpperCase().padStart(4, '0');
    return `<${start}> <${end}> <${start}>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) {
    const chunk = ranges.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfrange\n${chunk.join('\n')}\nendbfrange`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** A PDF text string: UTF-16BE with a byte-order mark, as hex, so Chinese survives in the document information. */
const infoString = (text: string): string => `<FEFF${utf16Hex(text)}>`;

function pdfDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `D:${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

export function receiptPdf(doc: ReceiptDocument, now: Date = new Date()): Uint8Array {
  const cursor: Cursor = { y: PAGE_HEIGHT - MARGIN, ops: [], usedHighBytes: new Set() };
  const qrSide = 120;
  const textWidthBesideQr = PAGE_WIDTH - 2 * MARGIN - qrSide - 16;

  line(cursor, '受理回执 Acceptance receipt', 18, MARGIN, textWidthBesideQr);
  cursor.y -= 4;
  line(cursor, '案件编号 Case number', 10, MARGIN, textWidthBesideQr);
  line(cursor, doc.caseNumber, 16, MARGIN, textWidthBesideQr);
  line(cursor, `受理时间 Accepted: ${doc.acceptedAt}`, 10, MARGIN, textWidthBesideQr);
  line(
    cursor,
    `受理地点 Where: ${doc.site.zh} ${doc.counter} 号窗口 ${doc.site.en}, counter ${doc.counter}`,
    10,
    MARGIN,
    textWidthBesideQr,
  );
  line(
    cursor,
    `受理民警 Officer: ${doc.officer}${doc.ticket ? ` · 排队号 Ticket ${doc.ticket}` : ''}`,
    10,
    MARGIN,
    textWidthBesideQr,
  );

  const qrTop = PAGE_HEIGHT - MARGIN;
  const qrX = PAGE_WIDTH - MARGIN - qrSide;
  drawQr(cursor.ops, qrMatrix(doc.qrPayload), qrX, qrTop, qrSide);
  const qrCaption: Cursor = { y: qrTop - qrSide, ops: cursor.ops, usedHighBytes: cursor.usedHighBytes };
  line(qrCaption, '扫码查询办理进度', 8, qrX, qrSide);
  line(qrCaption, `查询码 Check code ${doc.checkCode}`, 8, qrX, qrSide);
  cursor.y = Math.min(cursor.y, qrCaption.y) - 8;

  line(
    cursor,
    `申请人 Applicant: ${doc.applicant.name} · ${both(doc.applicant.document)} ${doc.applicant.maskedNumber}${
      doc.applicant.mobile ? ` · ${doc.applicant.mobile}` : ''
    }`,
    10,
  );
  cursor.y -= 4;
  line(cursor, '办理事项 Items', 12);
  doc.items.forEach((item, index) => {
    line(cursor, `${index + 1}. ${item.name.zh} ${item.fee}`, 11);
    line(cursor, item.name.en, 9, MARGIN + 14);
    if (item.feeOption) line(cursor, `收费标准 Fee option: ${both(item.feeOption)}`, 9, MARGIN + 14);
    line(cursor, `办理方式 Route: ${both(item.route)} · 到期日 Due: ${item.due ?? '—'}`, 9, MARGIN + 14);
    line(
      cursor,
      `已收材料 Received: ${item.received.length === 0 ? '—' : item.received.map((m) => m.zh).join('、')}`,
      9,
      MARGIN + 14,
    );
    line(
      cursor,
      `缺少材料 Missing: ${
        item.missing.length === 0 ? '—' : item.missing.map((m) => m.zh + (m.optional ? '（视情况）' : '')).join('、')
      }`,
      9,
      MARGIN + 14,
    );
    cursor.y -= 3;
  });
  cursor.y -= 3;
  line(cursor, `费用合计 Total: ${doc.total} · ${both(doc.paid)}`, 11);
  if (doc.dueDate) line(cursor, `办结期限 Due by: ${doc.dueDate}`, 11);
  line(cursor, '领取 Where to collect', 11);
  for (const text of doc.collect) line(cursor, `· ${both(text)}`, 9, MARGIN + 14);
  if (doc.overrides.length > 0) {
    line(cursor, '授权记录 Authorisation', 11);
    for (const text of doc.overrides) line(cursor, `· ${both(text)}`, 9, MARGIN + 14);
  }
  cursor.y -= 6;
  line(
    cursor,
    '请妥善保管本回执，凭案件编号和查询码查询办理进度、领取结果。 Keep this receipt: the case number and check code let you follow the case and collect the result.',
    8,
  );

  const content = cursor.ops.join('\n');
  const highBytes = [...cursor.usedHighBytes].sort((a, b) => a - b);
  const cmap = toUnicodeCMap(highBytes);
  const encoder = new TextEncoder();
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${encoder.encode(content).length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 9 0 R /DW 1000 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${encoder.encode(cmap).length} >>\nstream\n${cmap}\nendstream`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 626 /StemV 93 >>',
    `<< /Title ${infoString(`受理回执 ${doc.caseNumber}`)} /Subject (${escapeLiteral(doc.caseNumber)}) /Creator (Tongban) /Producer (Tongban receipt-pdf) /CreationDate (${pdfDate(now)}) >>`,
  ];

  // Every object is ASCII (Chinese only ever appears hex-encoded), so character offsets are byte offsets.
  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  const header = encoder.encode(out).length - out.length;
  objects.forEach((body, index) => {
    offsets.push(out.length + header);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length + header;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return encoder.encode(out);
}
