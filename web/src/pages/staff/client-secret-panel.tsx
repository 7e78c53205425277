import { useTranslation } from 'react-i18next';
import { ShownOncePanel } from '../../components/shown-once-panel.js';

/** A new client secret, shown once: the server keeps only a sealed copy and never shows it again. */
export function ClientSecretPanel({
  name,
  secret,
  onDone,
}: {
  name: string;
  secret: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ShownOncePanel
      id="client-secret"
      className="client-secret"
      value={secret}
      texts={{
        title: t('oidcClients.secret.title', { name }),
        once: `⚠ ${t('oidcClients.secret.once')}`,
        label: t('oidcClients.secret.label'),
        copy: t('oidcClients.secret.copy'),
        done: t('oidcClients.secret.done'),
        copied: t('oidcClients.secret.copied'),
        copyFailed: t('oidcClients.secret.copyFailed'),
      }}
      onDone={onDone}
    >
      <p>{t('oidcClients.secret.warning')}</p>
    </ShownOncePanel>
  );
}
