/** Local time with the UTC instant beside it, as every Casefile page shows times. */
export function formatLocalAndUtc(iso: string, locale?: string): { local: string; utc: string } {
  const d = new Date(iso);
  return {
    local: d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    utc: `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}

export function formatBytes(n: number | null): string {
  if (n === null) return 'unknown';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} bytes` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
