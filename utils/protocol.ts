import { z } from './zod';
import { ExtractionStatus, IsoUtc, PageKind, Sha256 } from './db/records';
import { ERROR_CODES, type ErrorInfo } from './errors';

/**
 * The one message map between content scripts, the background and extension pages. The
 * background parses every payload again with these schemas; replies are a typed value or a typed
 * error. `from` says who may send a command: everything that reads, deletes or exports evidence
 * is accepted only from Casefile's own pages, never from a tab's content script.
 */

/** Larger payloads are refused before parsing (Chrome's own limit for one message is 64 MiB). */
export const MAX_PAYLOAD_CHARS = 32 * 1024 * 1024;

export const RawPage = z.object({
  url: z.string().url().max(8192),
  pageKind: PageKind,
  title: z.string().max(10_000),
  html: z.string(),
  text: z.string(),
  capturedAt: IsoUtc,
  timeZone: z.string().min(1).max(100),
  userAgent: z.string().max(2000),
  extraction: ExtractionStatus,
  contractId: z.string().max(100).optional(),
  roomId: z.string().max(100).optional(),
});

const CaptureSummary = z.object({
  id: z.string(),
  url: z.string(),
  pageKind: PageKind,
  capturedAt: IsoUtc,
  sha256: Sha256,
  extraction: ExtractionStatus,
});
export type CaptureSummary = z.infer<typeof CaptureSummary>;

const Empty = z.object({}).strict();

export const protocol = {
  'page.capture': {
    from: 'content-script',
    request: RawPage,
    response: CaptureSummary,
  },
  'tab.status': {
    from: 'extension-page',
    request: z.object({ tabId: z.number().int().nonnegative() }).strict(),
    response: z.object({
      url: z.string().nullable(),
      pageKind: PageKind,
      recording: z.boolean(),
      lastCapture: CaptureSummary.nullable(),
    }),
  },
  'store.summary': {
    from: 'extension-page',
    request: Empty,
    response: z.object({
      counts: z.record(z.string(), z.number()),
      lastCapture: CaptureSummary.nullable(),
      audit: z.object({ ok: z.boolean(), count: z.number(), problems: z.array(z.object({ seq: z.number(), problem: z.string() })) }),
      storage: z.object({ usage: z.number().nullable(), quota: z.number().nullable(), persisted: z.boolean().nullable() }),
    }),
  },
  'capture.list': {
    from: 'extension-page',
    request: z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(),
    response: z.array(CaptureSummary),
  },
  'capture.delete': {
    from: 'extension-page',
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    response: z.object({ deleted: z.literal(true) }),
  },
  'store.wipe': {
    from: 'extension-page',
    request: z.object({ confirm: z.literal('wipe all evidence') }).strict(),
    response: z.object({ cleared: z.record(z.string(), z.number()) }),
  },
} as const;

export type Protocol = typeof protocol;
export type Command = keyof Protocol;
export type RequestOf<K extends Command> = z.input<Protocol[K]['request']>;
export type ParsedRequestOf<K extends Command> = z.output<Protocol[K]['request']>;
export type ResponseOf<K extends Command> = z.output<Protocol[K]['response']>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const Envelope = z.object({ casefile: z.literal(1), command: z.string().max(100), payload: z.unknown() });
export type Envelope = z.infer<typeof Envelope>;

export const ErrorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), detail: z.string().optional() });

export function isCommand(name: string): name is Command {
  return Object.hasOwn(protocol, name);
}
