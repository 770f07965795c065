import { useTranslation } from 'react-i18next';
import { ToBeBuilt } from '../../app/ToBeBuilt.tsx';

/** TO BE BUILT (issue 4): call next, recall, skip, transfer; the called ticket links to the case taken for it. */
export function QueueScreen() {
  const { t } = useTranslation();
  return <ToBeBuilt title={t('nav.queue')} />;
}
