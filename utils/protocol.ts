import { z } from './zod';
import { ContractChange, ContractData, ContractRecord, ExtractionStatus, IsoUtc, MessageRecord, PageKind, RoomRecord, Sha256 } from './db/records';
import { ERROR_CODES, type ErrorInfo } from './errors';

/**
 * The one message map between content scripts, the background and extension pages. The
 * background parses every payload again with these schemas; replies are a typed value or a typed
 * error. `from` says who may send a command: everything that reads, deletes or exports evidence
 * is accepted only from Casefile's own pages, never from a tab's content script.
 */

/** Larger payloads are refused before parsing (Chrome's own limit for one message is 64 MiB). */
export const MAX_PAYLOAD_CHARS = 32 * 1024 * 1024;

/** Most messages one capture may carry (a whole conversation is sent in batches well below this). */
export const MAX_MESSAGES_PER_CAPTURE = 20_000;

/** A message as one page showed it (the store adds first/last seen, the capture and the hash). */
export const ObservedMessage = MessageRecord.pick({
  id: true,
  roomId: true,
  senderName: true,
  senderId: true,
  sentAt: true,
  sentAtDisplayed: true,
  sentAtUnparsed: true,
  text: true,
  source: true,
  jsonText: true,
  attachments: true,
  kind: true,
  deleted: true,
});
export type ObservedMessage = z.infer<typeof ObservedMessage>;

export const ObservedRoom = RoomRecord.pick({ id: true, title: true, subtitle: true, contractId: true, participants: true });
export type ObservedRoom = z.infer<typeof ObservedRoom>;

/** What structured extraction made of the page, beside the raw snapshot. */
export const Structured = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('room'),
    room: ObservedRoom,
    messages: z.array(ObservedMessage).max(MAX_MESSAGES_PER_CAPTURE),
    /** storyIds rendered in the conversation pane right now, top to bottom (for deletion by absence). */
    renderedIds: z.array(z.string().max(200)).max(MAX_MESSAGES_PER_CAPTURE),
  }),
  z.object({ type: z.literal('contract'), contract: ContractData }),
]);
export type Structured = z.infer<typeof Structured>;

/** A copy of a JSON response the page itself received (see utils/observe/page-json.ts). */
export const PageJson = z.object({
  kind: z.enum(['stories', 'rooms', 'graphql', 'nuxt-data']),
  url: z.string().max(8192),
  receivedAt: IsoUtc,
  body: z.string(),
});
export type PageJson = z.infer<typeof PageJson>;

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
  scope: z.enum(['page', 'fragment']).default('page'),
  structured: Structured.optional(),
  pageJson: z.array(PageJson).max(200).default([]),
});
export type RawPage = z.infer<typeof RawPage>;

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

export const WholeCaptureProgressSchema = z.object({
  state: z.enum(['loading-older', 'screenshots', 'done', 'cancelled', 'failed']),
  messages: z.number().int().nonnegative(),
  oldestShown: z.string().max(200).nullable(),
  screenshots: z.number().int().nonnegative(),
  screenshotsPlanned: z.number().int().nonnegative(),
  startReached: z.boolean(),
  message: z.string().max(2000).optional(),
  updatedAt: IsoUtc,
});
export type WholeCaptureProgress = z.infer<typeof WholeCaptureProgressSchema>;

/** The stories a room's page received, sent before the page has rendered them (see PageRecorder). */
export const PageStories = RawPage.pick({ url: true, pageKind: true, title: true, capturedAt: true, timeZone: true, userAgent: true, contractId: true }).extend({
  roomId: z.string().min(1).max(100),
  stories: PageJson.extend({ kind: z.literal('stories') }),
});

export const protocol = {
  'page.capture': {
    from: 'content-script',
    request: RawPage,
    response: CaptureSummary,
  },
  'page.stories': {
    from: 'content-script',
    request: PageStories,
    response: z.object({ capture: CaptureSummary, messages: z.number().int().nonnegative() }),
  },
  'capture.progress': {
    from: 'content-script',
    request: WholeCaptureProgressSchema,
    response: z.object({ recorded: z.literal(true) }),
  },
  'capture.screenshot': {
    from: 'content-script',
    request: z
      .object({
        url: z.string().url().max(8192),
        roomId: z.string().max(100).optional(),
        index: z.number().int().positive(),
        total: z.number().int().positive(),
        timeZone: z.string().min(1).max(100),
      })
      .strict(),
    response: CaptureSummary,
  },
  'room.coverage': {
    from: 'content-script',
    request: z
      .object({
        roomId: z.string().min(1).max(100),
        firstMessageId: z.string().max(200).nullable(),
        lastMessageId: z.string().max(200).nullable(),
        count: z.number().int().nonnegative(),
        startReached: z.boolean(),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }),
  },
  'page.captureVisible': {
    from: 'extension-page',
    request: z.object({ tabId: z.number().int().nonnegative() }).strict(),
    response: z.object({ capture: CaptureSummary, screenshot: z.boolean(), mhtml: z.boolean() }),
  },
  'deadlines.refresh': {
    from: 'extension-page',
    request: Empty,
    response: z.object({ open: z.number().int().nonnegative() }),
  },
  'tab.status': {
    from: 'extension-page',
    request: z.object({ tabId: z.number().int().nonnegative() }).strict(),
    response: z.object({
      url: z.string().nullable(),
      pageKind: PageKind,
      recording: z.boolean(),
      lastCapture: CaptureSummary.nullable(),
      /** What Casefile holds for this page: the room's messages or the contract's snapshots. */
      room: z.object({ id: z.string(), title: z.string().nullable(), contractId: z.string().nullable(), messages: z.number(), edited: z.number(), deleted: z.number(), coverage: RoomRecord.shape.coverage }).nullable(),
      contract: z.object({ id: z.string(), title: z.string().nullable(), snapshots: z.number(), changes: z.number() }).nullable(),
      wholeCapture: WholeCaptureProgressSchema.nullable(),
      /** Automatic capture is on for this kind of page (settings). */
      autoCapture: z.boolean(),
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
      /** The store changed since this summary was made; a new one is being made. */
      stale: z.boolean().optional(),
    }),
  },
  'contract.detail': {
    from: 'extension-page',
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: z.object({
      contract: ContractRecord.nullable(),
      snapshots: z.array(z.object({ id: z.string(), capturedAt: IsoUtc, captureId: z.string(), sha256: Sha256 })),
      changes: z.array(ContractChange),
    }),
  },
  'room.messages': {
    from: 'extension-page',
    request: z.object({ roomId: z.string().min(1).max(100), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(20_000).default(5000) }).strict(),
    response: z.array(MessageRecord),
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
/** The same with the payload as a JSON string (what sendCommand sends). */
export const PackedEnvelope = z.object({ casefile: z.literal(1), command: z.string().max(100), payloadJson: z.string() });

export const ErrorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), detail: z.string().optional() });

export function isCommand(name: string): name is Command {
  return Object.hasOwn(protocol, name);
}
