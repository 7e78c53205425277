const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Asia/Ho_Chi_Minh',
});

/** Dates as citizens write them, 01/07/2025, in Vietnam time whatever the device's zone. */
export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Ho_Chi_Minh',
});

/** A clock time in Vietnam, 14:35, for "valid until" messages. */
export function formatClockTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date);
}

/** A moment as UX.md writes it, 14:30, 01/07/2025, in Vietnam time. */
export function formatDateTime(value: Date | string): string {
  const date = formatDate(value);
  return date ? `${formatClockTime(value)}, ${date}` : '';
}
