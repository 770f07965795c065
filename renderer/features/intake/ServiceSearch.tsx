import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueSearch } from '../../../shared/catalogue/search.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import { BUSINESS_TYPE_NAMES, type ServiceItem } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { fieldDomId } from './ApplicantFields.tsx';
import { NO_CATALOGUE_MESSAGE, type CounterCatalogue } from './use-catalogue.ts';

const RESULT_LIMIT = 8;

interface ServiceSearchProps {
  /** Null while the catalogue is still being read from the local database, or when it holds no active item. */
  search: CatalogueSearch | null;
  /** Whether the local catalogue is still being read, or was read and holds no active item (never synced). */
  catalogueState: CounterCatalogue['state'];
  addedCodes: ReadonlySet<string>;
  onAdd(service: ServiceItem): void;
}

/**
 * Finds a service by Chinese, pinyin, initials, English or code (shared/catalogue/search.ts) as the officer types;
 * ↑/↓ move through the results and Enter adds the highlighted one, so an item is added without the mouse.
 */
export function ServiceSearch({ search, catalogueState, addedCodes, onAdd }: ServiceSearchProps) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => (search ? search.search(query, { limit: RESULT_LIMIT }) : []), [search, query]);
  const listId = 'intake-service-results';
  const english = i18n.language === 'en';

  const add = (service: ServiceItem | undefined) => {
    if (!service || addedCodes.has(service.code)) return;
    onAdd(service);
    setQuery('');
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      setActive((index) => (index + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      event.preventDefault();
      setActive((index) => (index - 1 + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      // Never submits the form: Enter here means "add this item".
      event.preventDefault();
      add(hits[Math.min(active, hits.length - 1)]?.item);
    } else if (event.key === 'Escape') {
      setQuery('');
      setActive(0);
    }
  };

  const showList = query.trim() !== '';
  return (
    <div className="service-search">
      <label htmlFor={fieldDomId('items')}>{t('intake.services.search')}</label>
      <input
        id={fieldDomId('items')}
        role="combobox"
        aria-expanded={showList && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && hits[active] ? `intake-hit-${hits[active]!.item.code}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="护照 / hz / passport"
        value={query}
        disabled={!search}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {catalogueState === 'empty' ? (
        <p role="alert" className="warning" data-testid="no-catalogue">
          <Bilingual message={NO_CATALOGUE_MESSAGE} />
        </p>
      ) : (
        <small className="muted">{search ? t('intake.services.searchHint') : t('intake.services.loading')}</small>
      )}
      {showList && (
        <ul id={listId} role="listbox" className="service-results" data-testid="service-results">
          {hits.length === 0 && <li className="muted">{t('intake.services.noMatch')}</li>}
          {hits.map(({ item }, index) => {
            const added = addedCodes.has(item.code);
            return (
              <li
                key={item.code}
                id={`intake-hit-${item.code}`}
                role="option"
                aria-selected={index === active}
                aria-disabled={added}
                data-code={item.code}
                className={index === active ? 'active' : undefined}
                onMouseEnter={() => setActive(index)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => add(item)}
              >
                <span className="hit-name">{english ? item.name.en : item.name.zh}</span>
                <span className="hit-meta">
                  {english ? BUSINESS_TYPE_NAMES[item.businessType].en : BUSINESS_TYPE_NAMES[item.businessType].zh}
                  {' · '}
                  {formatYuanWithSign(item.fee.amountFen)}
                  {' · '}
                  <code>{item.code}</code>
                  {added && <strong> · {t('intake.services.added')}</strong>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
