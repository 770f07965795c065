import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CASE_EVENT_NAMES,
  EVENT_ROLES,
  outstandingFen,
  outstandingMaterialRequests,
  legalEvents,
  nothingOwedMessage,
  type TransitionEventType,
} from '../../../shared/domain/case/index.ts';
import { ID_DOCUMENT_NAMES } from '../../../shared/domain/identity/index.ts';
import { formatYuan, safeParseYuan } from '../../../shared/domain/money.ts';
import {
  applicantSchema,
  CORRECTABLE_FIELDS,
  ID_DOCUMENT_TYPES,
  PAYMENT_METHODS,
  type Case,
  type CaseEvent,
} from '../../../shared/schemas/index.ts';
import { useDatabase } from '../../app/services-context.tsx';
import { Bilingual } from '../../app/Bilingual.tsx';
import { actionStamp, useAppStore } from '../../store/index.ts';
import { ID_DOCUMENT_CORRECTION, recordCaseAction, type CaseActionInput } from './case-actions.ts';
import { inLanguage, materialNamer, type CaseReferenceData } from './use-case-data.ts';

type Message = { zh: string; en: string };
type CorrectableField = Extract<CaseEvent, { type: 'field-corrected' }>['field'];

/**
 * What the correction form offers: the text fields one by one, and the document as a whole (type and number together,
 * checked as a pair), since a number rarely fits another type: a passport holder recorded with a resident ID card needs
 * both changed at once.
 */
type CorrectionChoice =
  Exclude<CorrectableField, 'applicant.idType' | 'applicant.idNumber'> | typeof ID_DOCUMENT_CORRECTION;
const CORRECTION_CHOICES: readonly CorrectionChoice[] = [
  ...CORRECTABLE_FIELDS.filter(
    (f): f is Exclude<CorrectableField, 'applicant.idType' | 'applicant.idNumber'> =>
      f !== 'applicant.idType' && f !== 'applicant.idNumber',
  ),
  ID_DOCUMENT_CORRECTION,
];

/** The longest value each typed correction may have: the stored applicant's own limits. */
const CORRECTION_MAX_LENGTH: Record<Exclude<CorrectableField, 'applicant.idType'>, number | undefined> = {
  'applicant.idNumber': applicantSchema.shape.idNumber.maxLength ?? undefined,
  'applicant.name': applicantSchema.shape.name.maxLength ?? undefined,
  'applicant.mobile': applicantSchema.shape.mobile.maxLength ?? undefined,
  'applicant.address': applicantSchema.shape.address.maxLength ?? undefined,
};

const toMessage = (error: unknown): Message =>
  error && typeof error === 'object' && 'localizedMessage' in error
    ? (error as { localizedMessage: Message }).localizedMessage
    : {
        zh: `操作失败：${error instanceof Error ? error.message : String(error)}`,
        en: `The action failed: ${error instanceof Error ? error.message : String(error)}`,
      };

/**
 * The actions the case accepts now from this officer: `legalEvents` with the officer's role, so a plain officer is
 * never offered approval. Each opens the inputs it needs; the action is stamped with the signed-in officer and this
 * machine's site, applied with the domain command and saved with RxDB. Refusals show Chinese first, then English.
 */
export function CaseActions({ current, reference }: { current: Case; reference: CaseReferenceData }) {
  const { t, i18n } = useTranslation();
  const db = useDatabase();
  const officer = useAppStore((s) => s.session.officer);
  const device = useAppStore((s) => s.device.current);
  const [open, setOpen] = useState<TransitionEventType | null>(null);
  const [error, setError] = useState<Message | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = useMemo(() => (officer ? legalEvents(current, officer.role) : []), [current, officer]);
  const restricted = useMemo(
    () =>
      officer !== null &&
      legalEvents(current).some((type) => !offered.includes(type) && EVENT_ROLES[type] !== undefined),
    [current, officer, offered],
  );

  useEffect(() => {
    if (open && !offered.includes(open)) setOpen(null);
  }, [open, offered]);

  if (!officer || !device) return null;
  const language = i18n.language;
  const eventName = (type: TransitionEventType) => inLanguage(CASE_EVENT_NAMES[type], language);
  const site = reference.sites.get(device.siteCode);

  const submit = async (input: CaseActionInput) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const stamp = actionStamp();
      await recordCaseAction(
        db.cases,
        current.id,
        { officerId: stamp.officerId, siteCode: stamp.siteCode, role: officer.role },
        input,
      );
      setDone(t('cases.actions.done', { event: eventName(input.type) }));
      setOpen(null);
    } catch (failure) {
      setError(toMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="case-actions" data-testid="case-actions">
      <h2>{t('cases.actions.title')}</h2>
      <p className="muted">
        {t('cases.actions.stamp', {
          officer: `${officer.name} (${officer.id})`,
          site: site ? inLanguage(site.name, language) : device.siteCode,
        })}
      </p>
      {offered.length === 0 ? (
        <p data-testid="no-actions">{t('cases.actions.none')}</p>
      ) : (
        <div className="actions action-buttons">
          {offered.map((type) => (
            <button
              key={type}
              type="button"
              className={open === type ? 'primary' : undefined}
              aria-expanded={open === type}
              onClick={() => {
                setOpen(open === type ? null : type);
                setError(null);
                setDone(null);
              }}
              data-testid={`action-${type}`}
            >
              {eventName(type)}
            </button>
          ))}
        </div>
      )}
      {restricted && <p className="muted">{t('cases.actions.roleNote')}</p>}
      {done && (
        <p role="status" className="ok" data-testid="action-done">
          {done}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="action-error">
          <Bilingual message={error} />
        </p>
      )}
      {open && (
        <ActionForm
          key={open}
          type={open}
          current={current}
          reference={reference}
          busy={busy}
          onCancel={() => setOpen(null)}
          onSubmit={(input) => void submit(input)}
        />
      )}
    </section>
  );
}

function ActionForm({
  type,
  current,
  reference,
  busy,
  onSubmit,
  onCancel,
}: {
  type: TransitionEventType;
  current: Case;
  reference: CaseReferenceData;
  busy: boolean;
  onSubmit: (input: CaseActionInput) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const formId = useId();
  const materialName = materialNamer(current, reference, language);
  const ownSite = reference.sites.get(current.siteCode);
  const [text, setText] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [siteCode, setSiteCode] = useState(() =>
    type === 'forwarded' ? (ownSite?.backOfficeSiteCode ?? '') : type === 'ready-for-pickup' ? current.siteCode : '',
  );
  const [field, setField] = useState<CorrectionChoice>('applicant.name');
  const [value, setValue] = useState('');
  const [idType, setIdType] = useState<string>(current.applicant.idType);
  const [idNumber, setIdNumber] = useState(current.applicant.idNumber);
  const [amount, setAmount] = useState(() => formatYuan(outstandingFen(current)));
  const [method, setMethod] = useState<(typeof PAYMENT_METHODS)[number]>('cash');
  const [receipt, setReceipt] = useState('');
  const [invalid, setInvalid] = useState<Message | string | null>(null);

  const itemMaterials = [...new Set(current.items.flatMap((item) => item.materials.map((m) => m.code)))];
  const outstanding = outstandingMaterialRequests(current);
  const materialChoices =
    type === 'materials-received'
      ? [
          ...new Set([
            ...outstanding,
            ...current.items.flatMap((item) => item.materials.filter((m) => !m.received).map((m) => m.code)),
          ]),
        ]
      : itemMaterials;
  const sites = [...reference.sites.values()]
    .filter((s) => s.enabled && (type !== 'forwarded' || s.kind === 'centre'))
    .sort((a, b) => a.order - b.order);
  // A settled or fee-free case takes no payment (the domain refuses one): the form says so instead of offering ¥0.00.
  const nothingOwed = type === 'payment-recorded' && outstandingFen(current) === 0;
  const needsReason = type === 'rejected' || type === 'cancelled' || type === 'field-corrected';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvalid(null);
    const reasonText = text.trim();
    if (needsReason && reasonText === '') return setInvalid(t('cases.actions.reasonRequired'));
    const chosen = [...codes, ...other.split(/[,，、\s]+/).filter(Boolean)];
    switch (type) {
      case 'materials-requested':
      case 'materials-received':
        if (chosen.length === 0) return setInvalid(t('cases.actions.pickMaterials'));
        return onSubmit(
          type === 'materials-requested'
            ? { type, materialCodes: chosen, note: text }
            : { type, materialCodes: [...new Set(chosen)] },
        );
      case 'forwarded':
        if (!siteCode) return setInvalid(t('cases.actions.pickSite'));
        return onSubmit({ type, toSiteCode: siteCode, note: text });
      case 'ready-for-pickup':
        if (!siteCode) return setInvalid(t('cases.actions.pickSite'));
        return onSubmit({ type, pickupSiteCode: siteCode });
      case 'approved':
        return onSubmit({ type, note: text });
      case 'rejected':
      case 'cancelled':
        return onSubmit({ type, reason: reasonText });
      case 'completed':
        return onSubmit({ type });
      case 'field-corrected':
        return onSubmit(
          field === ID_DOCUMENT_CORRECTION
            ? { type, field, idType, idNumber, reason: reasonText }
            : { type, field, value, reason: reasonText },
        );
      case 'payment-recorded': {
        if (nothingOwed) return;
        const parsed = safeParseYuan(amount, { maxFen: 100_000_000 });
        if (!parsed.ok) return setInvalid(parsed.error.localizedMessage);
        return onSubmit({ type, amountFen: parsed.fen, method, ...(receipt.trim() ? { receiptNumber: receipt } : {}) });
      }
    }
  };

  return (
    <form
      className="action-form"
      onSubmit={submit}
      aria-labelledby={formId}
      data-testid={`action-form-${type}`}
      noValidate
    >
      <h3 id={formId}>
        <span lang="zh-CN">{CASE_EVENT_NAMES[type].zh}</span>{' '}
        <span lang="en" className="muted">
          {CASE_EVENT_NAMES[type].en}
        </span>
      </h3>
      {(type === 'materials-requested' || type === 'materials-received') && (
        <fieldset className="material-choices">
          <legend>{t('cases.actions.materials')}</legend>
          {materialChoices.map((code) => (
            <label key={code}>
              <input
                type="checkbox"
                checked={codes.includes(code)}
                onChange={(e) => setCodes((c) => (e.target.checked ? [...c, code] : c.filter((x) => x !== code)))}
              />{' '}
              {materialName(code)}
            </label>
          ))}
          {type === 'materials-requested' && (
            <label className="field">
              {t('cases.actions.otherMaterials')}
              <input value={other} onChange={(e) => setOther(e.target.value)} />
            </label>
          )}
        </fieldset>
      )}
      {(type === 'forwarded' || type === 'ready-for-pickup') && (
        <label className="field">
          {type === 'forwarded' ? t('cases.actions.toSite') : t('cases.actions.pickupSite')}
          <select value={siteCode} onChange={(e) => setSiteCode(e.target.value)} data-testid="action-site">
            <option value="">—</option>
            {sites.map((s) => (
              <option key={s.code} value={s.code}>
                {inLanguage(s.name, language)} ({s.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {type === 'field-corrected' && (
        <>
          <label className="field">
            {t('cases.actions.field')}
            <select
              value={field}
              onChange={(e) => {
                setField(e.target.value as CorrectionChoice);
                setValue('');
                setIdType(current.applicant.idType);
                setIdNumber(current.applicant.idNumber);
              }}
              data-testid="action-field"
            >
              {CORRECTION_CHOICES.map((f) => (
                <option key={f} value={f}>
                  {t(`cases.fields.${f}`)}
                </option>
              ))}
            </select>
          </label>
          {field === ID_DOCUMENT_CORRECTION ? (
            <>
              <label className="field">
                {t('cases.fields.applicant.idType')}
                <select value={idType} onChange={(e) => setIdType(e.target.value)} data-testid="action-id-type">
                  {ID_DOCUMENT_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {inLanguage(ID_DOCUMENT_NAMES[type], language)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                {t('cases.fields.applicant.idNumber')}
                <input
                  value={idNumber}
                  onChange={(e) => setIdNumber(e.target.value)}
                  maxLength={CORRECTION_MAX_LENGTH['applicant.idNumber']}
                  spellCheck={false}
                  data-testid="action-id-number"
                />
              </label>
            </>
          ) : (
            <label className="field">
              {t('cases.actions.value')}
              <input
                value={value}
                onChange={(e) => setValue(e.target.value)}
                maxLength={CORRECTION_MAX_LENGTH[field]}
                data-testid="action-value"
              />
            </label>
          )}
        </>
      )}
      {type === 'payment-recorded' && nothingOwed && (
        <p role="status" data-testid="nothing-owed">
          <Bilingual message={nothingOwedMessage(current)} />
        </p>
      )}
      {type === 'payment-recorded' && !nothingOwed && (
        <>
          <label className="field">
            {t('cases.actions.amount')}
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              data-testid="action-amount"
            />
          </label>
          <label className="field">
            {t('cases.actions.method')}
            <select
              value={method}
              onChange={(e) => setMethod(e.target.value as typeof method)}
              data-testid="action-method"
            >
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`cases.paymentMethods.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('cases.actions.receiptNumber')}
            <input value={receipt} onChange={(e) => setReceipt(e.target.value)} maxLength={40} />
          </label>
        </>
      )}
      {type === 'completed' && <p>{t('cases.actions.confirmComplete')}</p>}
      {type !== 'completed' &&
        type !== 'payment-recorded' &&
        type !== 'ready-for-pickup' &&
        type !== 'materials-received' && (
          <label className="field">
            {needsReason ? t('cases.actions.reason') : t('cases.actions.note')}
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={500}
              rows={2}
              aria-invalid={needsReason && invalid !== null && text.trim() === ''}
              data-testid="action-text"
            />
          </label>
        )}
      {invalid && (
        <p className="field-error" role="alert">
          {typeof invalid === 'string' ? invalid : <Bilingual message={invalid} />}
        </p>
      )}
      <div className="actions">
        {!nothingOwed && (
          <button type="submit" className="primary" disabled={busy} data-testid="action-submit">
            {t('cases.actions.submit')}
          </button>
        )}
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('cases.actions.cancel')}
        </button>
      </div>
    </form>
  );
}
