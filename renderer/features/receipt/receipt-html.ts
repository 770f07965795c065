import type { LocalizedText } from '../../../shared/domain/identity/index.ts';
import type { ReceiptDocument } from './receipt-document.ts';
import { qrMatrix, qrSvg } from './qr.ts';

/**
 * The receipt as the printed page: a complete HTML document with its style inline, no script and no remote
 * resource (the bridge's PrintJob contract), the QR code as inline SVG. Narrow enough for an 80 mm roll, and fine
 * on A4.
 */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const both = (text: LocalizedText): string => `${escapeHtml(text.zh)} <span class="en">${escapeHtml(text.en)}</span>`;

const STYLE = `
  body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; font-size: 11pt; margin: 0; color: #000; }
  .receipt { max-width: 170mm; margin: 0 auto; padding: 6mm; }
  h1 { font-size: 16pt; margin: 0 0 2mm; }
  .en { color: #333; font-size: 0.85em; }
  .number { font-size: 15pt; font-weight: 700; letter-spacing: 0.03em; }
  .top { display: flex; justify-content: space-between; gap: 4mm; }
  .qr { text-align: center; font-size: 9pt; }
  .qr svg { width: 32mm; height: 32mm; }
  table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
  th, td { border-bottom: 0.3mm solid #999; padding: 1mm; text-align: left; vertical-align: top; }
  ul { margin: 0.5mm 0; padding-left: 5mm; }
  .section { margin: 2mm 0; }
  .label { font-weight: 700; }
  .note { font-size: 9pt; color: #333; }
`;

export function receiptHtml(doc: ReceiptDocument): string {
  const items = doc.items
    .map(
      (item, index) => `
      <tr>
        <td>${index + 1}</td>
        <td>${both(item.name)}${item.feeOption ? `<br>${both(item.feeOption)}` : ''}
          <div class="note">${both({ zh: '已收材料', en: 'Received' })}：${
            item.received.length === 0 ? '—' : item.received.map((m) => escapeHtml(m.zh)).join('、')
          }</div>
          <div class="note">${both({ zh: '缺少材料', en: 'Missing' })}：${
            item.missing.length === 0
              ? '—'
              : item.missing.map((m) => escapeHtml(m.zh) + (m.optional ? '（视情况）' : '')).join('、')
          }</div>
        </td>
        <td>${both(item.route)}</td>
        <td>${item.due ? escapeHtml(item.due) : '—'}</td>
        <td>${escapeHtml(item.fee)}</td>
      </tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`受理回执 ${doc.caseNumber}`)}</title>
<style>${STYLE}</style></head>
<body><div class="receipt">
  <div class="top">
    <div>
      <h1>${both({ zh: '受理回执', en: 'Acceptance receipt' })}</h1>
      <div>${both({ zh: '案件编号', en: 'Case number' })}</div>
      <div class="number">${escapeHtml(doc.caseNumber)}</div>
      <div>${both({ zh: '受理时间', en: 'Accepted' })}：${escapeHtml(doc.acceptedAt)}</div>
      <div>${both({ zh: '受理地点', en: 'Where' })}：${escapeHtml(doc.site.zh)} ${doc.counter} 号窗口 <span class="en">${escapeHtml(doc.site.en)}, counter ${doc.counter}</span></div>
      <div>${both({ zh: '受理民警', en: 'Officer' })}：${escapeHtml(doc.officer)}${doc.ticket ? ` · ${both({ zh: '排队号', en: 'Ticket' })} ${escapeHtml(doc.ticket)}` : ''}</div>
    </div>
    <div class="qr">${qrSvg(qrMatrix(doc.qrPayload))}
      <div>${both({ zh: '扫码查询办理进度', en: 'Scan to check progress' })}</div>
      <div>${both({ zh: '查询码', en: 'Check code' })} <strong>${escapeHtml(doc.checkCode)}</strong></div>
    </div>
  </div>
  <div class="section"><span class="label">${both({ zh: '申请人', en: 'Applicant' })}</span>：${escapeHtml(doc.applicant.name)} · ${both(doc.applicant.document)} ${escapeHtml(doc.applicant.maskedNumber)}${doc.applicant.mobile ? ` · ${escapeHtml(doc.applicant.mobile)}` : ''}</div>
  <table>
    <thead><tr><th>#</th><th>${both({ zh: '事项', en: 'Item' })}</th><th>${both({ zh: '办理方式', en: 'Route' })}</th><th>${both({ zh: '到期日', en: 'Due' })}</th><th>${both({ zh: '费用', en: 'Fee' })}</th></tr></thead>
    <tbody>${items}</tbody>
  </table>
  <div class="section"><span class="label">${both({ zh: '费用合计', en: 'Total' })}</span>：${escapeHtml(doc.total)} · ${both(doc.paid)}</div>
  ${doc.dueDate ? `<div class="section"><span class="label">${both({ zh: '办结期限', en: 'Due by' })}</span>：${escapeHtml(doc.dueDate)}</div>` : ''}
  <div class="section"><span class="label">${both({ zh: '领取', en: 'Where to collect' })}</span><ul>${doc.collect.map((line) => `<li>${both(line)}</li>`).join('')}</ul></div>
  ${doc.overrides.length > 0 ? `<div class="section note"><span class="label">${both({ zh: '授权记录', en: 'Authorisation' })}</span><ul>${doc.overrides.map((line) => `<li>${both(line)}</li>`).join('')}</ul></div>` : ''}
  <p class="note">${both({ zh: '请妥善保管本回执，凭案件编号和查询码查询办理进度、领取结果。', en: 'Keep this receipt: the case number and check code let you follow the case and collect the result.' })}</p>
</div></body></html>`;
}
