import { overridesOf } from '../../../shared/domain/case/index.ts';
import { BUSINESS_TYPE_NAMES, type Case, type Officer } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatDateTime } from '../../app/format.ts';

/**
 * The supervisor overrides of a case, read from its own event log (`authorisation-overridden`), for wherever a case
 * is shown: `<CaseOverrideNotes current={c} officers={reference.officers} />`. Names come from the officers this
 * counter knows; an officer it does not know is shown by id. Renders nothing when there are none.
 *
 * Before cases schema version 1 the overrides were kept only in this machine's localStorage (`tongban.overrideAudit`),
 * a stopgap until the schema had the event. That log is no longer written or read, and its entries are not turned
 * into events: a case already synced would get them after other events, which the domain refuses (an override
 * belongs to the acceptance). Entries left on a machine stay in its localStorage, untouched, for a technician.
 */
export function CaseOverrideNotes({
  current,
  officers,
}: {
  current: Pick<Case, 'events'>;
  officers: ReadonlyMap<string, Pick<Officer, 'name'>>;
}) {
  const overrides = overridesOf(current.events);
  if (overrides.length === 0) return null;
  const nameOf = (id: string) => {
    const officer = officers.get(id);
    return officer ? `${officer.name} (${id})` : id;
  };
  return (
    <ul className="case-override-notes" data-testid="case-override-notes">
      {overrides.map((event) => {
        const type = BUSINESS_TYPE_NAMES[event.businessType];
        return (
          <li key={event.id} data-supervisor={event.supervisorId}>
            <Bilingual
              message={{
                zh: `值班领导 ${nameOf(event.supervisorId)} 于 ${formatDateTime(event.authorisedAt, 'zh-CN')} 授权 ${nameOf(event.officerId)} 受理「${type.zh}」事项（${event.serviceCodes.join('、')}）`,
                en: `Supervisor ${nameOf(event.supervisorId)} authorised ${nameOf(event.officerId)} to accept ${type.en.toLowerCase()} (${event.serviceCodes.join(', ')}) at ${formatDateTime(event.authorisedAt, 'en')}`,
              }}
            />
          </li>
        );
      })}
    </ul>
  );
}
