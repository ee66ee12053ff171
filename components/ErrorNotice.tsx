import { CasefileError } from '@/utils/errors';

/** Shows what happened and what to do; the technical detail is there for support, folded away. */
export function ErrorNotice({ error }: { error: unknown }) {
  const err = error instanceof CasefileError ? error : null;
  const message = err ? err.toInfo().message : 'Something went wrong inside Casefile. Reload the extension and try again.';
  const detail = err?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div role="alert" className="notice notice-error">
      <p>{message}</p>
      {detail && (
        <details>
          <summary>Details for support</summary>
          <code>{detail}</code>
        </details>
      )}
    </div>
  );
}
