/**
 * "Đây là máy dùng chung", remembered for this tab after sign-in, so pages can remind the citizen to
 * sign out when done.
 */
const sharedKey = 'cds.sharedDevice';

export function rememberSharedDevice(shared: boolean): void {
  try {
    if (shared) sessionStorage.setItem(sharedKey, '1');
    else sessionStorage.removeItem(sharedKey);
  } catch {
    // Storage disabled: no reminder.
  }
}

export function isSharedDevice(): boolean {
  try {
    return sessionStorage.getItem(sharedKey) === '1';
  } catch {
    return false;
  }
}
