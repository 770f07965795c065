import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { officialHolidayCalendar, type HolidayCalendar } from '../../../shared/domain/calendar/index.ts';
import { caseNumberSequenceKey } from '../../../shared/domain/case/index.ts';
import { bureauToday, type LocalizedText } from '../../../shared/domain/identity/index.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import {
  PAYMENT_METHODS,
  type BusinessType,
  type ServiceItem,
  type Site,
  type Ticket,
} from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { whenIdle } from '../../app/idle.ts';
import { useLiveQuery, useServices } from '../../app/services-context.tsx';
import { getBridge } from '../../platform/bridge.ts';
import { useAppStore, type SessionOfficer } from '../../store/index.ts';
import { useCurrentTicket } from '../queue/use-queue.ts';
import { handOverSavedCase } from '../receipt/handed-over.ts';
import { warmUpQr } from '../receipt/qr.ts';
import { useSiteOfficers } from '../sign-in/SignInScreen.tsx';
import { ApplicantFields, fieldDomId } from './ApplicantFields.tsx';
import { calledTicketQuery, pickCalledTicket } from './called-ticket.ts';
import { caseNumberSequences } from './case-number-store.ts';
import { DraftStore } from './draft-storage.ts';
import {
  emptyDraft,
  isDraftEmpty,
  newDraftItem,
  overridesInUse,
  totalFeeFen,
  type AuthorisationOverride,
  type DraftApplicant,
  type DraftItem,
  type FieldError,
  type IntakeDraft,
  type PaymentMethod,
} from './intake-model.ts';
import { ItemCard } from './ItemCard.tsx';
import { saveIntake } from './save-case.ts';
import { ServiceSearch } from './ServiceSearch.tsx';
import { useCounterCatalogue } from './use-catalogue.ts';
import { SupervisorOverride } from './SupervisorOverride.tsx';
import './intake.css';

export interface IntakeFormProps {
  /** Tests pass a calendar of their own (a provisional year); the app uses the official one. */
  calendar?: HolidayCalendar;
  now?: () => Date;
}

/** The one-window intake form (一窗受理): applicant, any mix of items, fees; saved to the local database at once. */
export function IntakeForm({ calendar = officialHolidayCalendar, now = () => new Date() }: IntakeFormProps) {
  const { t } = useTranslation();
  const { db, platform } = useServices();
  const officer = useAppStore((s) => s.session.officer) as SessionOfficer;
  const device = useAppStore((s) => s.device.current);
  const go = useAppStore((s) => s.navigation.go);
  const today = bureauToday(now());
  const catalogue = useCounterCatalogue();
  const { officers } = useSiteOfficers(device?.siteCode);
  const { documents: sites } = useLiveQuery<Site>(
    (database) => (device ? database.sites.find({ selector: { code: device.siteCode } }) : null),
    [device?.siteCode],
  );
  const islandSite = sites[0]?.kind === 'island-sub-centre';
  const { documents: calledTickets } = useLiveQuery<Ticket>(
    (database) =>
      device ? database.tickets.find(calledTicketQuery(device.siteCode, device.counterNumber, today)) : null,
    [device?.siteCode, device?.counterNumber, today],
  );
  const heldTicket = useCurrentTicket();
  const ticket = heldTicket && !heldTicket.caseId ? heldTicket : pickCalledTicket(calledTickets);
  const clearCurrentTicket = useAppStore((s) => s.queue.clearCurrentTicket);

  const sequences = useMemo(() => caseNumberSequences(db), [db]);
  const drafts = useMemo(
    () => new DraftStore({ databaseKey: platform.databaseKey, scope: `${db.name}.${officer.id}` }),
    [db, platform.databaseKey, officer.id],
  );

  const [draft, setDraft] = useState<IntakeDraft>(emptyDraft);
  const [loaded, setLoaded] = useState(false);
  const [restored, setRestored] = useState(false);
  const [draftKept, setDraftKept] = useState(true);
  const [showAllErrors, setShowAllErrors] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saveProblem, setSaveProblem] = useState<LocalizedText | null>(null);
  const [saving, setSaving] = useState(false);
  const [overrideFor, setOverrideFor] = useState<BusinessType | null>(null);
  const [readCardProblem, setReadCardProblem] = useState<LocalizedText | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // While the officer types: read today's case numbers of this counter and run the QR encoder once, so that the save
  // itself does neither (in a profiled bench run, the first save after a start spent 20 ms on the one, 16 on the other).
  const siteCode = device?.siteCode;
  const counterNumber = device?.counterNumber;
  useEffect(() => {
    if (!siteCode || counterNumber === undefined) return;
    return whenIdle(() => {
      warmUpQr();
      void sequences
        .prepare(caseNumberSequenceKey({ siteCode, date: today, counter: counterNumber }))
        .catch(() => undefined);
    });
  }, [sequences, siteCode, counterNumber, today]);

  // The draft from before a reload, if any; nothing is written until it has been read.
  useEffect(() => {
    let cancelled = false;
    void drafts.load().then((saved) => {
      if (cancelled) return;
      if (saved && !isDraftEmpty(saved)) {
        setDraft(saved);
        setRestored(true);
      }
      setLoaded(true);
    });
    return () => {
      cancelled = true;
    };
  }, [drafts]);

  useEffect(() => {
    if (!loaded) return;
    void drafts.save(draft).then(setDraftKept);
  }, [draft, drafts, loaded]);

  // The ID-card reader (through the bridge) fills the applicant from the chip.
  useEffect(
    () =>
      getBridge().onIdCardRead((card) => {
        setReadCardProblem(null);
        setDraft((current) => ({
          ...current,
          applicant: {
            ...current.applicant,
            idType: 'resident-id',
            idNumber: card.idNumber,
            name: card.name,
            address: card.address,
            fromCard: true,
          },
        }));
      }),
    [],
  );

  const readCard = useCallback(async () => {
    const result = await getBridge().simulateIdCardRead();
    setReadCardProblem(result.ok ? null : result.error.message);
  }, []);

  const patchApplicant = (patch: Partial<DraftApplicant>) =>
    setDraft((current) => ({ ...current, applicant: { ...current.applicant, ...patch } }));
  const patchItem = (serviceCode: string, patch: Partial<DraftItem>) =>
    setDraft((current) => ({
      ...current,
      items: current.items.map((item) => (item.serviceCode === serviceCode ? { ...item, ...patch } : item)),
    }));
  const addItem = (service: ServiceItem) =>
    setDraft((current) =>
      current.items.some((item) => item.serviceCode === service.code)
        ? current
        : { ...current, items: [...current.items, newDraftItem(service)] },
    );
  const removeItem = (serviceCode: string) =>
    setDraft((current) => {
      const items = current.items.filter((item) => item.serviceCode !== serviceCode);
      return { ...current, items, overrides: overridesInUse({ ...current, items }, catalogue.services) };
    });
  const grantOverride = (override: AuthorisationOverride) => {
    setDraft((current) => ({
      ...current,
      overrides: [...current.overrides.filter((o) => o.businessType !== override.businessType), override],
    }));
    setOverrideFor(null);
  };

  const clearForm = async () => {
    await drafts.clear();
    setDraft(emptyDraft());
    setErrors([]);
    setShowAllErrors(false);
    setSaveProblem(null);
    setRestored(false);
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving || !device) return;
    setSaving(true);
    setSaveProblem(null);
    try {
      const result = await saveIntake({
        db,
        sequences,
        draft,
        services: catalogue.services,
        officer,
        device,
        calendar,
        currentTicketId: useAppStore.getState().queue.currentTicketId,
        now,
      });
      if (result.ok) {
        await drafts.clear();
        // The case is stored: the receipt shows it from what this form holds, and reads it back behind that.
        handOverSavedCase({
          saved: result.saved,
          services: catalogue.services,
          site: sites[0] ?? null,
          officerNames: new Map([...officers.map((o) => [o.id, o.name] as const), [officer.id, officer.name]]),
          ticketNumber: ticket && ticket.id === result.ticketId ? ticket.displayNumber : null,
        });
        if (result.ticketId) clearCurrentTicket();
        go('intake', {
          receipt: result.saved.id,
          ...(result.warnings.length > 0 ? { warnings: JSON.stringify(result.warnings) } : {}),
        });
        return;
      }
      if (result.reason === 'invalid') {
        setErrors(result.errors);
        setShowAllErrors(true);
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else {
        setErrors([]);
        setSaveProblem(result.message);
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    } finally {
      setSaving(false);
    }
  };

  // Enter never submits: a scanner ends every number with it. Ctrl+Enter saves.
  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter') return;
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      void save();
    } else if (target instanceof HTMLInputElement) {
      event.preventDefault();
    }
  };

  const total = totalFeeFen(draft, catalogue.services);
  const addedCodes = new Set(draft.items.map((item) => item.serviceCode));
  const authorisedTypes = officer.authorisedBusinessTypes;

  return (
    <>
      <form
        className="page intake"
        aria-labelledby="intake-title"
        onSubmit={save}
        onKeyDown={onFormKeyDown}
        noValidate
        data-testid="intake-form"
      >
        <div className="page-header">
          <h1 id="intake-title">{t('intake.title')}</h1>
          <p
            className={ticket ? 'ticket-banner' : 'muted'}
            data-testid="intake-ticket"
            data-ticket-id={ticket?.id ?? ''}
          >
            {ticket ? t('intake.ticket', { number: ticket.displayNumber }) : t('intake.noTicket')}
          </p>
          <button type="button" className="link" onClick={() => void clearForm()}>
            {t('intake.clear')}
          </button>
        </div>
        {restored && (
          <p className="notice" role="status" data-testid="draft-restored">
            {t('intake.draftRestored')}
          </p>
        )}
        {!draftKept && (
          <p className="warning" role="alert" data-testid="draft-not-kept">
            {t('intake.draftNotKept')}
          </p>
        )}

        <div ref={summaryRef} tabIndex={-1} className="error-summary-anchor">
          {saveProblem && (
            <div className="error-summary" role="alert" data-testid="save-problem">
              <strong>{t('intake.save.failed')}</strong> <Bilingual message={saveProblem} />
            </div>
          )}
          {showAllErrors && errors.length > 0 && (
            <div className="error-summary" role="alert" data-testid="error-summary">
              <strong>{t('intake.save.errorsTitle', { count: errors.length })}</strong>
              <ul>
                {errors.map((error, index) => (
                  <li key={`${error.field}-${index}`}>
                    <a
                      href={`#${fieldDomId(error.field)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(fieldDomId(error.field))?.focus();
                      }}
                    >
                      <Bilingual message={error.message} />
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>

        <ApplicantFields
          applicant={draft.applicant}
          today={today}
          showAllErrors={showAllErrors}
          onChange={patchApplicant}
          onReadCard={() => void readCard()}
          readCardProblem={readCardProblem}
        />

        <fieldset className="intake-section services" data-testid="services">
          <legend>{t('intake.services.title')}</legend>
          <ServiceSearch
            search={catalogue.search}
            catalogueState={catalogue.state}
            addedCodes={addedCodes}
            onAdd={addItem}
          />
          {showAllErrors && errors.some((error) => error.field === 'items') && (
            <p className="field-error" role="alert">
              <Bilingual message={errors.find((error) => error.field === 'items')!.message} />
            </p>
          )}
          {draft.items.length === 0 ? (
            <p className="muted">{t('intake.services.empty')}</p>
          ) : (
            <ul className="item-list">
              {draft.items.map((item) => {
                const service = catalogue.services.get(item.serviceCode);
                if (!service) return null;
                const override = draft.overrides.find((o) => o.businessType === service.businessType) ?? null;
                return (
                  <ItemCard
                    key={item.serviceCode}
                    item={item}
                    service={service}
                    today={today}
                    calendar={calendar}
                    authorised={authorisedTypes.includes(service.businessType)}
                    override={authorisedTypes.includes(service.businessType) ? null : override}
                    islandSite={islandSite}
                    onChange={(patch) => patchItem(item.serviceCode, patch)}
                    onRemove={() => removeItem(item.serviceCode)}
                    onRequestOverride={() => setOverrideFor(service.businessType)}
                  />
                );
              })}
            </ul>
          )}
        </fieldset>

        <fieldset className="intake-section fees" data-testid="fees">
          <legend>{t('intake.fees.title')}</legend>
          <p className="fee-total" data-testid="fee-total" data-fen={total}>
            {t('intake.fees.total', { amount: formatYuanWithSign(total) })}
          </p>
          {total === 0 ? (
            <p className="muted">{t('intake.fees.none')}</p>
          ) : (
            <div className="intake-row">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.payment.collected}
                  data-testid="fee-collected"
                  onChange={(event) =>
                    setDraft((current) => ({
                      ...current,
                      payment: { ...current.payment, collected: event.target.checked },
                    }))
                  }
                />
                {t('intake.fees.collected')}
              </label>
              <label className="inline-field">
                {t('intake.fees.method')}{' '}
                <select
                  value={draft.payment.method}
                  disabled={!draft.payment.collected}
                  data-testid="fee-method"
                  onChange={(event) =>
                    setDraft((current) => ({
                      ...current,
                      payment: { ...current.payment, method: event.target.value as PaymentMethod },
                    }))
                  }
                >
                  {PAYMENT_METHODS.map((method) => (
                    <option key={method} value={method}>
                      {t(`intake.fees.methods.${method}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
        </fieldset>

        <div className="actions intake-actions">
          <button type="submit" className="primary" disabled={saving || !loaded} data-testid="save-intake">
            {saving ? t('intake.save.saving') : t('intake.save.button')}
            <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </form>
      {overrideFor && (
        <SupervisorOverride
          businessType={overrideFor}
          officerId={officer.id}
          officerName={officer.name}
          officers={officers}
          now={now}
          onGranted={grantOverride}
          onCancel={() => setOverrideFor(null)}
        />
      )}
    </>
  );
}
