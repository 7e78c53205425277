/**
 * A device in plain words from its User-Agent header: the browser and the system it runs on, e.g.
 * { browser: 'Chrome', os: 'Android' }. Only well-known names are recognised; anything else is null,
 * and the page says "unknown" rather than showing the raw header.
 */
export interface DeviceName {
  browser: string | null;
  os: string | null;
}

// Order matters: Edge, Opera, Samsung Internet, Cốc Cốc and in-app browsers also say "Chrome" and
// "Safari"; Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/\bZalo\b/i, 'Zalo'],
  [/\b(FBAN|FBAV|FB_IAB)\b/, 'Facebook'],
  [/\bcoc_coc_browser\b|\bCocCoc\b/i, 'Cốc Cốc'],
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(Headless)?Chrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function deviceName(userAgent: string | null): DeviceName {
  const ua = userAgent ?? '';
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
    os: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
  };
}
