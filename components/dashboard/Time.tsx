/**
 * One formatter for every time the dashboard shows (the same output as `toLocaleString` with these
 * options, which builds a new formatter on each call: a list of messages showed that).
 */
let local: Intl.DateTimeFormat | null = null;

function formatLocal(d: Date): string {
  local ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return local.format(d);
}

/** A moment in the user's locale, with UTC on hover (and for screen readers, in the datetime). */
export function Time({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">time unknown</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <time dateTime={iso}>{iso}</time>;
  return (
    <time dateTime={iso} title={`${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      {formatLocal(d)}
    </time>
  );
}
