import { useTranslation } from 'react-i18next';

/**
 * A route that exists in the shell but whose screen is not built yet (issue 4's intake, queue and cases screens).
 * Marked plainly so nobody mistakes it for the finished screen.
 */
export function ToBeBuilt({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <section className="page to-be-built" data-testid="to-be-built">
      <h1>
        {title} <span className="badge">{t('app.toBeBuilt')}</span>
      </h1>
      <p>{t('app.toBeBuiltNote')}</p>
    </section>
  );
}
