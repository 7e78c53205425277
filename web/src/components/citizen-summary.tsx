import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../shared/phone.js';
import type { Me } from '../api/session.js';

/** Name (when known), phone and identity assurance level in words, as a summary list. */
export function CitizenSummary({ me }: { me: Me }) {
  const { t } = useTranslation();
  const level = me.assuranceLevel >= 2 ? 2 : 1;
  return (
    <dl className="summary-list">
      {me.fullName.trim() && (
        <div className="summary-list__row">
          <dt>{t('account.fullName')}</dt>
          <dd>{me.fullName}</dd>
        </div>
      )}
      {me.phone && (
        <div className="summary-list__row">
          <dt>{t('account.phone')}</dt>
          <dd>{formatPhone(me.phone)}</dd>
        </div>
      )}
      <div className="summary-list__row">
        <dt>{t('account.assurance')}</dt>
        <dd>{t(`account.assuranceLevel.${level}`)}</dd>
      </div>
    </dl>
  );
}
