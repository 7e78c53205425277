import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading, usePageTitle } from '../app/page.js';
import { CitizenPhoneForm } from './login/citizen-phone-form.js';
import { FederatedLogin } from './login/federated-login.js';
import { StaffLoginForm } from './login/staff-login-form.js';

export function LoginPage() {
  const { t } = useTranslation();
  const [citizenErrors, setCitizenErrors] = useState(false);
  const [staffErrors, setStaffErrors] = useState(false);
  usePageTitle(t('login.title'), citizenErrors || staffErrors);
  return (
    <>
      <PageHeading>{t('login.title')}</PageHeading>
      <div className="login">
        <section className="panel" aria-labelledby="citizen-login-heading">
          <h2 id="citizen-login-heading">{t('login.citizen.heading')}</h2>
          <FederatedLogin />
          <CitizenPhoneForm onErrorsChange={setCitizenErrors} />
        </section>
        <section className="panel" aria-labelledby="staff-login-heading">
          <h2 id="staff-login-heading">{t('login.staff.heading')}</h2>
          <StaffLoginForm onErrorsChange={setStaffErrors} />
        </section>
      </div>
    </>
  );
}
