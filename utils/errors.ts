/**
 * Errors users meet. Each code has a plain sentence saying what happened and what to do; the
 * detail (from the browser or the store) follows it for support.
 */
export const ERROR_CODES = [
  'invalid-request',
  'too-large',
  'forbidden',
  'unknown-command',
  'storage-full',
  'write-failed',
  'upgrade-failed',
  'not-found',
  'not-visible',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  'invalid-request': 'Casefile received data it could not read, so nothing was saved from it. Reload the page and try again.',
  'too-large': 'This is too large for Casefile to record in one piece, so it was not saved. Earlier records are safe.',
  forbidden: 'Only Casefile’s own pages can delete or export evidence; a web page asked for it and was refused.',
  'unknown-command': 'Casefile received a request it does not know. Update or reload the extension.',
  'storage-full':
    'Your browser refused to store more data (the disk or the browser’s storage is full). Nothing recorded earlier was lost. Free some disk space, then capture again.',
  'write-failed':
    'Casefile could not save this record. Nothing recorded earlier was lost. Try again; if it keeps failing, export a package of what you have.',
  'upgrade-failed':
    'Casefile could not upgrade its database to this version, so it left your records as they were. Keep the browser open, do not uninstall the extension, and report the detail below.',
  'not-found': 'That record is not in Casefile’s store.',
  'not-visible':
    'Casefile could not take a screenshot because the Upwork tab was not in front. Keep the conversation tab in front until the capture ends, then try again. The messages themselves were recorded.',
  internal: 'Something went wrong inside Casefile. Nothing recorded earlier was lost. Reload the extension and try again.',
};

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export class CasefileError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${ERROR_MESSAGES[code]} (${detail})` : ERROR_MESSAGES[code]);
    this.name = 'CasefileError';
    this.code = code;
    this.detail = detail;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: ERROR_MESSAGES[this.code], ...(this.detail ? { detail: this.detail } : {}) };
  }
  static fromInfo(info: ErrorInfo): CasefileError {
    return new CasefileError(info.code, info.detail);
  }
}

function names(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const { name } = e as { name?: unknown };
    if (typeof name === 'string') out.push(name);
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return out;
}

/** Turns whatever a write threw (Dexie wraps DOMExceptions in `inner`) into a CasefileError. */
export function toCasefileError(error: unknown, fallback: ErrorCode = 'write-failed'): CasefileError {
  if (error instanceof CasefileError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const all = names(error);
  if (all.includes('QuotaExceededError')) return new CasefileError('storage-full', detail);
  if (all.includes('UpgradeError')) return new CasefileError('upgrade-failed', detail);
  return new CasefileError(fallback, detail);
}
