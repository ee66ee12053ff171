// Shows instants in the workroom (milestone submissions) in the browser's local time zone, as
// "Nov 20, 2026 3:15 PM". The server writes a UTC fallback and the exact instant in `datetime`.
const format = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });

for (const el of document.querySelectorAll('time.local-datetime[datetime]')) {
  const ms = Date.parse(el.getAttribute('datetime'));
  if (Number.isNaN(ms)) continue;
  const p = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]));
  el.textContent = `${p.month} ${p.day}, ${p.year} ${p.hour}:${p.minute} ${p.dayPeriod.toUpperCase()}`;
}
