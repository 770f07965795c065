import { useState } from 'react';
import { formatYuanWithSign } from '../../shared/domain/money.ts';
import { BUSINESS_TYPE_NAMES, type ServiceItem } from '../../shared/schemas/index.ts';
import { NO_CATALOGUE_MESSAGE, useCounterCatalogue } from '../features/intake/use-catalogue.ts';
import { Bilingual } from './Bilingual.tsx';

const ROUTE_NAMES: Record<ServiceItem['route'], string> = {
  'on-the-spot': '即办 On the spot',
  'usually-on-the-spot': '通常即办 Usually on the spot',
  'back-office': '转主岛审批 Forwarded to the main island',
};

function limitText(item: ServiceItem): string {
  if (item.timeLimits.length === 0) return '—';
  return item.timeLimits.map((t) => `${t.kind === 'statutory' ? '法定' : '承诺'} ${t.value}${t.unit}`).join('；');
}

/**
 * The service guide: search this counter's catalogue (its local database, as intake charges from it; active items
 * only) by Chinese, pinyin, initials (hz → 护照) or English.
 */
export function ServiceGuide() {
  const catalogue = useCounterCatalogue();
  const [query, setQuery] = useState('');
  const hits = catalogue.search ? catalogue.search.search(query, { limit: 30 }) : [];
  const count = catalogue.active.length;
  return (
    <section style={{ fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif', padding: 24, maxWidth: 1100 }}>
      <h1>
        通办 · 办事指南 <small style={{ fontWeight: 'normal' }}>Service guide</small>
      </h1>
      <label>
        搜索事项 Search services{' '}
        <input
          autoFocus
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="护照 / hz / passport"
          aria-label="搜索事项 Search services"
          style={{ fontSize: 18, padding: 6, width: 360 }}
        />
      </label>
      {catalogue.state === 'empty' ? (
        <p role="alert" data-testid="no-catalogue">
          <Bilingual message={NO_CATALOGUE_MESSAGE} />
        </p>
      ) : (
        <p aria-live="polite">
          {catalogue.state === 'reading'
            ? '正在读取本机事项目录… Reading this counter’s catalogue…'
            : query.trim() === ''
              ? `共 ${count} 项服务 ${count} services`
              : `找到 ${hits.length} 项 ${hits.length} found`}
        </p>
      )}
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <tbody>
          {hits.map(({ item }) => (
            <tr key={item.code} style={{ borderTop: '1px solid #ddd' }}>
              <td style={{ padding: 6 }}>
                <strong>{item.name.zh}</strong>
                <br />
                <span style={{ color: '#555' }}>{item.name.en}</span>
              </td>
              <td>{BUSINESS_TYPE_NAMES[item.businessType].zh}</td>
              <td>{formatYuanWithSign(item.fee.amountFen)}</td>
              <td>{limitText(item)}</td>
              <td>{ROUTE_NAMES[item.route]}</td>
              <td>{item.islandAccepted ? '海岛可办 Islands' : '仅主岛 Main island only'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
