import { useTranslation } from 'react-i18next';
import type { HolidayCalendar } from '../../../shared/domain/calendar/index.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import { BUSINESS_TYPE_NAMES, type ServiceItem } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { fieldDomId } from './ApplicantFields.tsx';
import {
  itemFeeFen,
  itemSchedule,
  notAuthorisedMessage,
  routeIsChoosable,
  type AuthorisationOverride,
  type ChosenRoute,
  type DraftItem,
} from './intake-model.ts';

interface ItemCardProps {
  item: DraftItem;
  service: ServiceItem;
  today: string;
  calendar: HolidayCalendar;
  /** False when the officer holds no authorisation for the item's business type. */
  authorised: boolean;
  override: AuthorisationOverride | null;
  islandSite: boolean;
  onChange(patch: Partial<DraftItem>): void;
  onRemove(): void;
  onRequestOverride(): void;
}

/** One service item of the intake: materials to tick, fee option, route, time limit and due date, authorisation. */
export function ItemCard({
  item,
  service,
  today,
  calendar,
  authorised,
  override,
  islandSite,
  onChange,
  onRemove,
  onRequestOverride,
}: ItemCardProps) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const name = (text: { zh: string; en: string }) => (english ? text.en : text.zh);
  const schedule = itemSchedule(service, item.route, today, calendar);
  const fee = itemFeeFen(service, item);
  const refused = !authorised && !override;
  const domId = fieldDomId(`item-${service.code}`);

  return (
    <li className={refused ? 'item-card refused' : 'item-card'} data-testid={`item-${service.code}`}>
      <div className="item-head">
        <div>
          <h3 id={`${domId}-title`}>{service.name.zh}</h3>
          <p className="muted" lang="en">
            {service.name.en} · <code>{service.code}</code> · {name(BUSINESS_TYPE_NAMES[service.businessType])}
          </p>
        </div>
        <span className="item-fee" data-testid={`fee-${service.code}`}>
          {fee === 0 ? t('intake.item.free') : formatYuanWithSign(fee)}
        </span>
        <button type="button" id={domId} onClick={onRemove} aria-describedby={`${domId}-title`}>
          {t('intake.item.remove')}
        </button>
      </div>

      {refused && (
        <div className="authorisation refused" role="alert" data-testid={`refused-${service.code}`}>
          <Bilingual message={notAuthorisedMessage(service.businessType)} />
          <button type="button" onClick={onRequestOverride} data-testid={`override-${service.code}`}>
            {t('intake.override.request')}
          </button>
        </div>
      )}
      {override && (
        <p className="authorisation granted" data-testid={`granted-${service.code}`}>
          {t('intake.override.granted', {
            name: override.supervisorName,
            type: name(BUSINESS_TYPE_NAMES[override.businessType]),
          })}
        </p>
      )}
      {islandSite && !service.islandAccepted && <p className="warning">{t('intake.item.notOnIslands')}</p>}

      <div className="item-body">
        <fieldset className="materials">
          <legend>{t('intake.item.materials')}</legend>
          {service.materials.map((material) => (
            <label key={material.code} className="material">
              <input
                type="checkbox"
                checked={item.received[material.code] === true}
                onChange={(event) =>
                  onChange({ received: { ...item.received, [material.code]: event.target.checked } })
                }
              />
              <span>
                {name(material.name)}
                {!material.required && <small className="muted"> （{t('intake.item.optional')}）</small>}
              </span>
            </label>
          ))}
        </fieldset>

        <div className="item-terms">
          {service.fee.options.length > 0 && (
            <label className="field">
              <span>{t('intake.item.feeOption')}</span>
              <select
                value={item.feeOptionCode ?? ''}
                data-testid={`fee-option-${service.code}`}
                onChange={(event) => onChange({ feeOptionCode: event.target.value })}
              >
                {service.fee.options.map((option) => (
                  <option key={option.code} value={option.code}>
                    {name(option.name)} {formatYuanWithSign(option.amountFen)}
                  </option>
                ))}
              </select>
            </label>
          )}

          <div className="field">
            <span className="label">{t('intake.item.route')}</span>
            {routeIsChoosable(service) ? (
              <div className="route-choice" role="radiogroup" aria-label={t('intake.item.route')}>
                {(['on-the-spot', 'back-office'] as const satisfies readonly ChosenRoute[]).map((route) => (
                  <label key={route}>
                    <input
                      type="radio"
                      name={`route-${service.code}`}
                      checked={item.route === route}
                      onChange={() => onChange({ route })}
                    />
                    {route === 'on-the-spot' ? t('intake.item.onTheSpot') : t('intake.item.backOffice')}
                  </label>
                ))}
              </div>
            ) : (
              <span data-testid={`route-${service.code}`}>
                {item.route === 'on-the-spot' ? t('intake.item.onTheSpot') : t('intake.item.backOffice')}
              </span>
            )}
          </div>

          <div className="schedule" data-testid={`schedule-${service.code}`}>
            {schedule.limit ? (
              <span>
                {t('intake.item.limit', {
                  kind: schedule.limit.kind === 'statutory' ? t('intake.item.statutory') : t('intake.item.promised'),
                  value: schedule.limit.value,
                  unit: schedule.limit.unit === '工作日' ? t('intake.item.workingDays') : t('intake.item.days'),
                })}
              </span>
            ) : (
              <span>{t('intake.item.noLimit')}</span>
            )}
            <strong data-testid={`due-${service.code}`} data-due={schedule.dueDate ?? ''}>
              {schedule.dueDate ? t('intake.item.due', { date: schedule.dueDate }) : t('intake.item.noDueDate')}
            </strong>
            {schedule.calendarWarnings.map(({ year, status }) => (
              <p key={year} className="warning" data-testid={`calendar-warning-${service.code}`}>
                {status === 'statutory-only'
                  ? t('intake.item.calendarProvisional', { year })
                  : t('intake.item.calendarUnknown', { year })}
              </p>
            ))}
          </div>
        </div>
      </div>
    </li>
  );
}
