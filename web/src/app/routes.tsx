import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { HomePage } from '../pages/home-page.js';
import { Layout } from './layout.js';

// Every page except the home page is its own chunk, so the first load of / stays within budget.
const DirectoryPage = lazy(() =>
  import('../pages/directory-page.js').then((m) => ({ default: m.DirectoryPage })),
);
const LoginPage = lazy(() => import('../pages/login-page.js').then((m) => ({ default: m.LoginPage })));
const OtpCodePage = lazy(() =>
  import('../pages/login/otp-code-page.js').then((m) => ({ default: m.OtpCodePage })),
);
const AccountPage = lazy(() => import('../pages/account-page.js').then((m) => ({ default: m.AccountPage })));
const DataSharingPage = lazy(() =>
  import('../pages/data-sharing/data-sharing-page.js').then((m) => ({ default: m.DataSharingPage })),
);
const NotificationsPage = lazy(() =>
  import('../pages/notifications/notifications-page.js').then((m) => ({ default: m.NotificationsPage })),
);
const NotFoundPage = lazy(() =>
  import('../pages/not-found-page.js').then((m) => ({ default: m.NotFoundPage })),
);
const CccdVerifyPage = lazy(() =>
  import('../pages/identity/cccd-verify-page.js').then((m) => ({ default: m.CccdVerifyPage })),
);
const CccdConfirmPage = lazy(() =>
  import('../pages/staff/cccd-confirm-page.js').then((m) => ({ default: m.CccdConfirmPage })),
);
const SecurityPage = lazy(() =>
  import('../pages/security/security-page.js').then((m) => ({ default: m.SecurityPage })),
);
const PasswordPage = lazy(() =>
  import('../pages/security/password-page.js').then((m) => ({ default: m.PasswordPage })),
);
const TotpPage = lazy(() => import('../pages/security/totp-page.js').then((m) => ({ default: m.TotpPage })));
const AssistedStartPage = lazy(() =>
  import('../pages/staff/assisted-start-page.js').then((m) => ({ default: m.AssistedStartPage })),
);
const AgenciesPage = lazy(() =>
  import('../pages/staff/agencies-page.js').then((m) => ({ default: m.AgenciesPage })),
);
const AgencyEditPage = lazy(() =>
  import('../pages/staff/agency-edit-page.js').then((m) => ({ default: m.AgencyEditPage })),
);
const StaffPeoplePage = lazy(() =>
  import('../pages/staff/staff-people-page.js').then((m) => ({ default: m.StaffPeoplePage })),
);
const OidcClientsPage = lazy(() =>
  import('../pages/staff/oidc-clients-page.js').then((m) => ({ default: m.OidcClientsPage })),
);
const OidcClientEditPage = lazy(() =>
  import('../pages/staff/oidc-client-edit-page.js').then((m) => ({ default: m.OidcClientEditPage })),
);
const StaffSetPasswordPage = lazy(() =>
  import('../pages/staff/set-password-page.js').then((m) => ({ default: m.StaffSetPasswordPage })),
);

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="cong-khai/don-vi" element={<DirectoryPage />} />
        <Route path="dang-nhap" element={<LoginPage />} />
        <Route path="dang-nhap/ma" element={<OtpCodePage />} />
        <Route path="tai-khoan" element={<AccountPage />} />
        <Route path="tai-khoan/chia-se-du-lieu" element={<DataSharingPage />} />
        <Route path="tai-khoan/thong-bao" element={<NotificationsPage />} />
        <Route path="tai-khoan/bao-mat" element={<SecurityPage />} />
        <Route path="tai-khoan/bao-mat/mat-khau" element={<PasswordPage />} />
        <Route path="tai-khoan/bao-mat/ung-dung-xac-thuc" element={<TotpPage />} />
        <Route path="tai-khoan/xac-minh" element={<CccdVerifyPage />} />
        <Route path="can-bo/xac-minh-cccd" element={<CccdConfirmPage />} />
        <Route path="can-bo/ho-tro" element={<AssistedStartPage />} />
        <Route path="can-bo/co-quan" element={<AgenciesPage />} />
        <Route path="can-bo/co-quan/moi" element={<AgencyEditPage />} />
        <Route path="can-bo/co-quan/:id" element={<AgencyEditPage />} />
        <Route path="can-bo/nhan-su" element={<StaffPeoplePage />} />
        <Route path="can-bo/ung-dung" element={<OidcClientsPage />} />
        <Route path="can-bo/ung-dung/moi" element={<OidcClientEditPage />} />
        <Route path="can-bo/ung-dung/:clientId" element={<OidcClientEditPage />} />
        <Route path="can-bo/dat-mat-khau" element={<StaffSetPasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
