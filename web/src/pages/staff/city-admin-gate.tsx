import type { ReactNode } from 'react';
import { useSession } from '../../api/session.js';

/**
 * Inside StaffGate: shows `children` to a city administrator and `refusal` to other staff. Orientation
 * only; the server checks the role on every request.
 */
export function CityAdminGate({ children, refusal }: { children: ReactNode; refusal: ReactNode }) {
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  const isCityAdmin = session.me.grants.some((g) => g.role === 'city_admin');
  return <>{isCityAdmin ? children : refusal}</>;
}
