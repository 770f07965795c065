import { useTranslation } from 'react-i18next';
import { ToBeBuilt } from '../../app/ToBeBuilt.tsx';

/** TO BE BUILT (issue 4): case list with filters and search, case detail with history, "needs attention". */
export function CasesScreen() {
  const { t } = useTranslation();
  return <ToBeBuilt title={t('nav.cases')} />;
}
