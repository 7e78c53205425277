import { useTranslation } from 'react-i18next';
import type { AgencyContact } from '../api/directory.js';

/** Phone and e-mail as links, so one tap calls or writes; the address as plain text. */
export function AgencyContactLine({ contact }: { contact?: AgencyContact | null | undefined }) {
  const { t } = useTranslation();
  if (!contact) return null;
  const { phone, email, address, website, hours } = contact;
  if (!phone && !email && !address && !website && !hours) return null;
  return (
    <ul className="contact">
      {address && <li>{t('directory.contact.address', { address })}</li>}
      {phone && (
        <li>
          {t('directory.contact.phone')} <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a>
        </li>
      )}
      {email && (
        <li>
          {t('directory.contact.email')} <a href={`mailto:${email}`}>{email}</a>
        </li>
      )}
      {hours && <li>{t('directory.contact.hours', { hours })}</li>}
      {website && (
        <li>
          <a href={website} rel="noopener noreferrer">
            {t('directory.contact.website')}
          </a>
        </li>
      )}
    </ul>
  );
}
