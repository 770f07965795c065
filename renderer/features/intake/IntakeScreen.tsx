import { useTranslation } from 'react-i18next';
import { ToBeBuilt } from '../../app/ToBeBuilt.tsx';

/** TO BE BUILT (issue 4): one-window intake (一窗受理) and the receipt (受理回执). */
export function IntakeScreen() {
  const { t } = useTranslation();
  return <ToBeBuilt title={t('nav.intake')} />;
}
