import type { LocalizedText } from '../../../shared/domain/identity/index.ts';
import { useAppStore } from '../../store/index.ts';
import { ReceiptScreen } from '../receipt/ReceiptScreen.tsx';
import { IntakeForm } from './IntakeForm.tsx';

function parseWarnings(raw: string | undefined): LocalizedText[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? (parsed as LocalizedText[]) : [];
  } catch {
    return [];
  }
}

/**
 * One-window intake (一窗受理, F2): the form, and after a save the case's receipt (受理回执). The receipt of any saved
 * case can be opened again with `navigation.go('intake', { receipt: caseId })`.
 */
export function IntakeScreen() {
  const params = useAppStore((s) => s.navigation.params);
  if (params.receipt) return <ReceiptScreen caseId={params.receipt} warnings={parseWarnings(params.warnings)} />;
  return <IntakeForm />;
}
