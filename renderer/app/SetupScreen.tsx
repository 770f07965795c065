import { useTranslation } from 'react-i18next';

/**
 * This machine has no hub connection yet. A technician provisions it on the set-up page (renderer/provisioning.html:
 * hub address, enrolment code, counter); in a browser, the address `npm run demo:web` prints does it in one step.
 */
export function SetupScreen() {
  const { t } = useTranslation();
  return (
    <section className="sign-in">
      <div className="sign-in-card" role="alert">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <p>
          <a href="provisioning.html">{t('setup.open')}</a>
        </p>
      </div>
    </section>
  );
}
