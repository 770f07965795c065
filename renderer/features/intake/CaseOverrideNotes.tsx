import { BUSINESS_TYPE_NAMES } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useCaseOverrides } from '../receipt/ReceiptScreen.tsx';

/**
 * The supervisor overrides logged on this counter for a case (override-audit.ts), for wherever a case is shown:
 * `<CaseOverrideNotes caseId={c.id} />`. Renders nothing when there are none.
 */
export function CaseOverrideNotes({ caseId }: { caseId: string }) {
  const entries = useCaseOverrides(caseId);
  if (entries.length === 0) return null;
  return (
    <ul className="case-override-notes" data-testid="case-override-notes">
      {entries.map((entry) => (
        <li key={`${entry.businessType}-${entry.authorisedAt}`}>
          <Bilingual
            message={{
              zh: `值班领导 ${entry.supervisorName} 于 ${formatDateTime(entry.authorisedAt, 'zh-CN')} 授权 ${entry.officerId} 受理「${BUSINESS_TYPE_NAMES[entry.businessType].zh}」事项（${entry.serviceCodes.join('、')}）`,
              en: `Supervisor ${entry.supervisorName} authorised ${entry.officerId} to accept ${BUSINESS_TYPE_NAMES[entry.businessType].en.toLowerCase()} (${entry.serviceCodes.join(', ')}) at ${formatDateTime(entry.authorisedAt, 'en')}`,
            }}
          />
        </li>
      ))}
    </ul>
  );
}
