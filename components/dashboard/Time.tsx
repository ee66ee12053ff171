import { formatLocalAndUtc } from '../format';

/** A moment in the user's locale, with UTC on hover (and for screen readers, in the datetime). */
export function Time({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">time unknown</span>;
  const { local, utc } = formatLocalAndUtc(iso);
  return (
    <time dateTime={iso} title={utc}>
      {local}
    </time>
  );
}
