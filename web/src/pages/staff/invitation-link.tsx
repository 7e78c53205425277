import { useTranslation } from 'react-i18next';
import type { StaffInvitation } from '../../api/staff-people.js';
import { ShownOncePanel } from '../../components/shown-once-panel.js';
import { formatDateTime } from '../../format/date.js';

/**
 * The set-password link of a new invitation, shown once: the server keeps only its hash. Copy, its
 * expiry, and what the person does with it.
 */
export function InvitationLink({
  name,
  invitation,
  onDone,
}: {
  name: string;
  invitation: StaffInvitation;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ShownOncePanel
      id="invitation-link"
      className="invitation-link"
      value={`${window.location.origin}${invitation.setPasswordPath}`}
      texts={{
        title: t('staffPeople.link.title', { name }),
        once: t('staffPeople.link.once'),
        label: t('staffPeople.link.label'),
        hint: t('staffPeople.link.expires', { time: formatDateTime(invitation.expiresAt) }),
        copy: t('staffPeople.link.copy'),
        done: t('staffPeople.link.done'),
        copied: t('staffPeople.link.copied'),
        copyFailed: t('staffPeople.link.copyFailed'),
      }}
      onDone={onDone}
    >
      <p>{t('staffPeople.link.next')}</p>
      <p>{t('staffPeople.link.lost')}</p>
    </ShownOncePanel>
  );
}
