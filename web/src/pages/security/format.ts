import { formatClockTime, formatDate } from '../../format/date.js';

/** 01/07/2025 14:30, in Vietnam time whatever the device's zone. */
export function formatDateTime(value: Date | string): string {
  const date = formatDate(value);
  return date ? `${date} ${formatClockTime(value)}` : '';
}
