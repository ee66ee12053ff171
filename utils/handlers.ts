import Dexie from 'dexie';
import type { CasefileDb } from './db/schema';
import type { CaptureRecord } from './db/records';
import { detectPage, CAPTURED_KINDS } from './page-kinds';
import { MAX_MESSAGES_PER_CAPTURE, Structured, type CaptureSummary, type ObservedMessage, type RawPage, type ResponseOf, type WholeCaptureProgress } from './protocol';
import { messagesFromStoriesJson } from './extract/message-room';
import type { Handlers, SenderInfo } from './router';
import { CasefileError } from './errors';
import { checkAuditLog, deleteCapture, hashBlobs, hashCapture, storageInfo, wipeEvidence, writeCapture, type BlobInput } from './store';
import { structuredWrite } from './capture/store-structured';

export interface HandlerContext {
  db: CasefileDb;
  now: () => Date;
  newId: () => string;
  extensionVersion: string;
  /** The URL of a tab, where the browser lets Casefile see it (Upwork tabs; activeTab). */
  tabUrl: (tabId: number) => Promise<string | null>;
  /** Told after every stored capture, e.g. to set the toolbar badge of that tab. */
  onCaptured?: (tabId: number | undefined, summary: CaptureSummary) => void;
  /** A PNG of the sender tab's visible area (paced by the caller within the browser's limit). */
  screenshot?: (sender: SenderInfo) => Promise<Uint8Array>;
  /** "Capture this page": a screenshot of the visible tab and, on Chrome, an MHTML snapshot. */
  captureVisible?: (tabId: number) => Promise<{ url: string; title: string; screenshot: Uint8Array | null; mhtml: Uint8Array | null }>;
  /** Recomputes deadlines from the store and reschedules their alarms; returns how many are open. */
  refreshDeadlines?: () => Promise<number>;
  /** Whether automatic capture is on for a page kind. */
  autoCapture?: (kind: CaptureRecord['pageKind']) => Promise<boolean>;
}

const encoder = new TextEncoder();

export function summarize(c: CaptureRecord): CaptureSummary {
  return { id: c.id, url: c.url, pageKind: c.pageKind, capturedAt: c.capturedAt, sha256: c.sha256, extraction: c.extraction };
}

/** How long a summary request waits for a new summary before answering with the last one, marked stale. */
const STALE_SUMMARY_WAIT_MS = 40;

const TABLES_COUNTED = ['captures', 'contracts', 'contractSnapshots', 'contractChanges', 'rooms', 'messages', 'messageRevisions', 'blobs', 'cases', 'deadlines', 'notes', 'audit', 'quarantine'] as const;

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db } = ctx;
  /** Progress of "Capture whole conversation" per tab (lost with the worker, like the work itself). */
  const wholeCaptures = new Map<number, WholeCaptureProgress>();
  /** The last audit entry found intact: later summaries check only what came after it. */
  let auditChecked: { seq: number; hash: string } | null = null;
  /** The last summary made; `fresh` until something is written to the store after it was begun. */
  let summaryCache: { value: ResponseOf<'store.summary'>; fresh: boolean } | null = null;
  let summaryRunning: Promise<ResponseOf<'store.summary'>> | null = null;
  let writes = 0;
  /** A write to the store: the summary, and every read kept since the last write, are out of date. */
  const noteWrite = () => {
    writes += 1;
    if (summaryCache) summaryCache.fresh = false;
  };
  // Writes from Casefile's own pages (notes, cases, a restore) and from this worker, as Dexie
  // announces them to every context of the extension.
  Dexie.on('storagemutated', (parts) => {
    if (Object.keys(parts).some((part) => part === 'all' || part.startsWith(`idb://${db.name}/`))) noteWrite();
  });

  /** Values read from the store, each kept until the next write anywhere in it. */
  const readSinceWrite = new Map<string, { writes: number; value: Promise<unknown> }>();
  function sinceLastWrite<T>(key: string, read: () => Promise<T>): Promise<T> {
    const kept = readSinceWrite.get(key);
    if (kept && kept.writes === writes) return kept.value as Promise<T>;
    if (readSinceWrite.size > 50) readSinceWrite.clear();
    const value = read();
    readSinceWrite.set(key, { writes, value });
    value.catch(() => {
      if (readSinceWrite.get(key)?.value === value) readSinceWrite.delete(key);
    });
    return value;
  }

  async function computeSummary(): Promise<ResponseOf<'store.summary'>> {
    const begun = writes;
    const [tallies, last, audit, storage] = await Promise.all([
      Promise.all(TABLES_COUNTED.map((t) => db.table(t).count())),
      db.captures.orderBy('capturedAt').last(),
      checkAuditLog(db, auditChecked ?? undefined),
      storageInfo(),
    ]);
    const counts = Object.fromEntries(TABLES_COUNTED.map((t, i) => [t, tallies[i]!]));
    auditChecked = audit.ok ? { seq: audit.count, hash: audit.headHash } : null;
    const value = {
      counts,
      lastCapture: last ? summarize(last) : null,
      audit: { ok: audit.ok, count: audit.count, problems: audit.problems.slice(0, 20) },
      storage,
    };
    summaryCache = { value, fresh: begun === writes };
    return value;
  }
  async function storePage(page: RawPage, tabId: number | undefined): Promise<CaptureRecord> {
    // Hash everything before the transaction: the page's own JSON responses become blobs.
    const blobInputs: BlobInput[] = page.pageJson.map((j) => ({
      kind: 'page-json',
      type: 'application/json',
      label: `${j.kind} ${j.url} received ${j.receivedAt}`,
      bytes: encoder.encode(j.body),
    }));
    const blobs = await hashBlobs(blobInputs, page.capturedAt);
    const refs = blobs.map((b, i) => ({ sha256: b.sha256, kind: blobInputs[i]!.kind, type: b.type, label: blobInputs[i]!.label }));
    const capture = await hashCapture(page, ctx.newId(), ctx.extensionVersion, refs);
    const structured = structuredWrite(capture, page.structured, ctx.newId);
    await writeCapture(db, {
      capture,
      blobs,
      ...(structured ? { structured: structured.write, structuredTables: structured.tables } : {}),
    });
    noteWrite();
    ctx.onCaptured?.(tabId, summarize(capture));
    return capture;
  }

  return {
    'page.capture': async (page, sender) => summarize(await storePage(page, sender.tab?.id)),
    'page.stories': async (request, sender) => {
      // The messages are read here, off the page's time, from the JSON kept as the raw capture.
      const { roomId, stories, ...meta } = request;
      let messages: ObservedMessage[] = [];
      try {
        messages = messagesFromStoriesJson(JSON.parse(stories.body), roomId);
      } catch {
        // Kept raw all the same; the page capture that follows reads the rendered messages.
      }
      const room = { id: roomId, title: null, subtitle: null, contractId: request.contractId ?? null, participants: [] };
      const structured = Structured.safeParse({ type: 'room', room, messages: messages.slice(0, MAX_MESSAGES_PER_CAPTURE), renderedIds: [] });
      const read = structured.success ? Math.min(messages.length, MAX_MESSAGES_PER_CAPTURE) : 0;
      const capture = await storePage(
        {
          ...meta,
          html: '',
          text: '',
          roomId,
          scope: 'fragment',
          extraction:
            read > 0
              ? { status: 'ok', detail: `${read} messages read from the conversation data the page received, before it rendered them` }
              : { status: 'failed', detail: 'the conversation data the page received held no readable message' },
          ...(read > 0 ? { structured: structured.data } : {}),
          pageJson: [stories],
        },
        sender.tab?.id,
      );
      return { capture: summarize(capture), messages: read };
    },
    'capture.progress': async (progress, sender) => {
      if (sender.tab?.id !== undefined) wholeCaptures.set(sender.tab.id, progress);
      return { recorded: true as const };
    },
    'capture.screenshot': async (shot, sender) => {
      if (!ctx.screenshot) throw new CasefileError('internal', 'screenshots are not available in this browser');
      const bytes = await ctx.screenshot(sender);
      const capturedAt = ctx.now().toISOString();
      const [blob] = await hashBlobs([{ kind: 'screenshot', type: 'image/png', bytes }], capturedAt);
      const info = detectPage(shot.url);
      const label = `Conversation screenshot ${shot.index} of ${shot.total}`;
      const capture = await hashCapture(
        {
          url: shot.url,
          pageKind: info.kind,
          title: label,
          html: '',
          text: '',
          capturedAt,
          timeZone: shot.timeZone,
          userAgent: globalThis.navigator?.userAgent ?? 'unknown',
          extraction: { status: 'not-applicable' },
          scope: 'fragment',
          ...(shot.roomId ? { roomId: shot.roomId } : info.roomId ? { roomId: info.roomId } : {}),
          ...(info.contractId ? { contractId: info.contractId } : {}),
        },
        ctx.newId(),
        ctx.extensionVersion,
        [{ sha256: blob!.sha256, kind: 'screenshot', type: 'image/png', label }],
      );
      await writeCapture(db, { capture, blobs: [blob!] });
      noteWrite();
      return summarize(capture);
    },
    'page.captureVisible': async ({ tabId }) => {
      if (!ctx.captureVisible) throw new CasefileError('internal', 'page capture is not available in this browser');
      const shot = await ctx.captureVisible(tabId);
      const info = detectPage(shot.url);
      if (info.kind === 'other') throw new CasefileError('invalid-request', 'Casefile captures Upwork pages only');
      const capturedAt = ctx.now().toISOString();
      const inputs: BlobInput[] = [
        ...(shot.screenshot ? [{ kind: 'screenshot' as const, type: 'image/png', label: 'Visible tab', bytes: shot.screenshot }] : []),
        ...(shot.mhtml ? [{ kind: 'mhtml' as const, type: 'multipart/related', label: 'MHTML snapshot of the page', bytes: shot.mhtml }] : []),
      ];
      const blobs = await hashBlobs(inputs, capturedAt);
      const capture = await hashCapture(
        {
          url: shot.url,
          pageKind: info.kind,
          title: shot.title,
          html: '',
          text: '',
          capturedAt,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          userAgent: globalThis.navigator?.userAgent ?? 'unknown',
          extraction: { status: 'not-applicable' },
          scope: 'fragment',
          ...(info.roomId ? { roomId: info.roomId } : {}),
          ...(info.contractId ? { contractId: info.contractId } : {}),
        },
        ctx.newId(),
        ctx.extensionVersion,
        blobs.map((b, i) => ({ sha256: b.sha256, kind: inputs[i]!.kind, type: b.type, label: inputs[i]!.label })),
      );
      await writeCapture(db, { capture, blobs });
      noteWrite();
      return { capture: summarize(capture), screenshot: shot.screenshot !== null, mhtml: shot.mhtml !== null };
    },
    'deadlines.refresh': async () => ({ open: (await ctx.refreshDeadlines?.()) ?? 0 }),
    'room.coverage': async (coverage) => {
      const room = await db.rooms.get(coverage.roomId);
      if (!room) return { recorded: false };
      const { roomId: _id, ...rest } = coverage;
      await db.rooms.update(coverage.roomId, { coverage: { ...rest, recordedAt: ctx.now().toISOString() } });
      return { recorded: true };
    },
    'tab.status': async ({ tabId }) => {
      const url = await ctx.tabUrl(tabId);
      const info = url ? detectPage(url) : { kind: 'other' as const };
      // Reading every capture of the page (with its HTML) and every message of the room is costly
      // in a room of thousands, and the popup asks every 2 s: both are kept until the next write.
      const latest = url ? await sinceLastWrite(`latest ${url}`, async () => (await db.captures.where('url').equals(url).sortBy('capturedAt')).filter((c) => c.scope !== 'fragment').pop()) : undefined;
      const roomId = info.roomId ?? latest?.roomId;
      const room = roomId ? await db.rooms.get(roomId) : undefined;
      let roomInfo = null;
      if (room) {
        const counts = await sinceLastWrite(`counts ${room.id}`, async () => {
          const all = await db.messages.where('roomId').equals(room.id).toArray();
          return { messages: all.length, edited: all.filter((m) => m.edited).length, deleted: all.filter((m) => m.deleted).length };
        });
        roomInfo = {
          id: room.id,
          title: room.title,
          contractId: room.contractId,
          ...counts,
          coverage: room.coverage,
        };
      }
      const contract = info.contractId ? await db.contracts.get(info.contractId) : undefined;
      return {
        url,
        pageKind: info.kind,
        recording: CAPTURED_KINDS.includes(info.kind),
        lastCapture: latest ? summarize(latest) : null,
        room: roomInfo,
        contract: contract
          ? {
              id: contract.id,
              title: contract.title,
              snapshots: await db.contractSnapshots.where('contractId').equals(contract.id).count(),
              changes: await db.contractChanges.where('contractId').equals(contract.id).count(),
            }
          : null,
        wholeCapture: wholeCaptures.get(tabId) ?? null,
        autoCapture: CAPTURED_KINDS.includes(info.kind) ? ((await ctx.autoCapture?.(info.kind)) ?? true) : false,
      };
    },
    'store.summary': async () => {
      // The popup asks every 2 s: answer at once from the last summary while a new one is made.
      // After a write the last one is out of date: the new one is awaited a moment, else the last
      // is answered marked `stale` (the popup says it is being updated and asks again soon).
      const refresh = () => {
        summaryRunning ??= computeSummary().finally(() => (summaryRunning = null));
        summaryRunning.catch(() => {}); // when the last summary is answered, a failure shows on the next request
        return summaryRunning;
      };
      const running = refresh();
      const last = summaryCache;
      if (!last) return running;
      if (last.fresh) return last.value;
      const made = await Promise.race([running, new Promise<null>((resolve) => setTimeout(resolve, STALE_SUMMARY_WAIT_MS, null))]);
      if (made && summaryCache?.value === made && summaryCache.fresh) return made;
      // The one just made began before the last write: another is made meanwhile.
      if (made) refresh();
      return { ...(made ?? last.value), stale: true };
    },
    'contract.detail': async ({ id }) => {
      const contract = (await db.contracts.get(id)) ?? null;
      const snapshots = await db.contractSnapshots.where('[contractId+capturedAt]').between([id, ''], [id, '\uffff']).toArray();
      const changes = await db.contractChanges.where('[contractId+afterCapturedAt]').between([id, ''], [id, '\uffff']).toArray();
      return {
        contract,
        snapshots: snapshots.map(({ id: snapshotId, capturedAt, captureId, sha256 }) => ({ id: snapshotId, capturedAt, captureId, sha256 })),
        changes,
      };
    },
    'room.messages': async ({ roomId, offset, limit }) => {
      // Oldest first; messages whose time could not be read come last, in the order first seen.
      const rows = await db.messages.where('roomId').equals(roomId).toArray();
      rows.sort((a, b) => (a.sentAt ?? '\uffff').localeCompare(b.sentAt ?? '\uffff') || a.firstSeenAt.localeCompare(b.firstSeenAt));
      return rows.slice(offset, offset + limit);
    },
    'capture.list': async ({ limit }) => {
      const rows = await db.captures.orderBy('capturedAt').reverse().limit(limit).toArray();
      return rows.map(summarize);
    },
    'capture.delete': async ({ id }) => {
      await deleteCapture(db, id, ctx.now().toISOString());
      noteWrite();
      return { deleted: true as const };
    },
    'store.wipe': async () => {
      const cleared = await wipeEvidence(db, ctx.now().toISOString());
      noteWrite();
      return { cleared };
    },
  };
}
