import type { CasefileDb } from './db/schema';
import type { CaptureRecord } from './db/records';
import { detectPage, CAPTURED_KINDS } from './page-kinds';
import type { CaptureSummary } from './protocol';
import type { Handlers } from './router';
import { checkAuditLog, deleteCapture, hashCapture, storageInfo, wipeEvidence, writeCapture } from './store';

export interface HandlerContext {
  db: CasefileDb;
  now: () => Date;
  newId: () => string;
  extensionVersion: string;
  /** The URL of a tab, where the browser lets Casefile see it (Upwork tabs; activeTab). */
  tabUrl: (tabId: number) => Promise<string | null>;
  /** Told after every stored capture, e.g. to set the toolbar badge of that tab. */
  onCaptured?: (tabId: number | undefined, summary: CaptureSummary) => void;
}

export function summarize(c: CaptureRecord): CaptureSummary {
  return { id: c.id, url: c.url, pageKind: c.pageKind, capturedAt: c.capturedAt, sha256: c.sha256, extraction: c.extraction };
}

const TABLES_COUNTED = ['captures', 'contracts', 'contractSnapshots', 'contractChanges', 'rooms', 'messages', 'messageRevisions', 'blobs', 'cases', 'deadlines', 'notes', 'audit', 'quarantine'] as const;

export function createHandlers(ctx: HandlerContext): Handlers {
  const { db } = ctx;
  return {
    'page.capture': async (page, sender) => {
      const capture = await hashCapture(page, ctx.newId(), ctx.extensionVersion);
      await writeCapture(db, { capture });
      const summary = summarize(capture);
      ctx.onCaptured?.(sender.tab?.id, summary);
      return summary;
    },
    'tab.status': async ({ tabId }) => {
      const url = await ctx.tabUrl(tabId);
      const info = url ? detectPage(url) : { kind: 'other' as const };
      const last = url ? await db.captures.where('url').equals(url).reverse().sortBy('capturedAt') : [];
      const latest = last[0];
      return {
        url,
        pageKind: info.kind,
        recording: CAPTURED_KINDS.includes(info.kind),
        lastCapture: latest ? summarize(latest) : null,
      };
    },
    'store.summary': async () => {
      const counts: Record<string, number> = {};
      for (const t of TABLES_COUNTED) counts[t] = await db.table(t).count();
      const last = await db.captures.orderBy('capturedAt').last();
      const audit = await checkAuditLog(db);
      return {
        counts,
        lastCapture: last ? summarize(last) : null,
        audit: { ok: audit.ok, count: audit.count, problems: audit.problems.slice(0, 20) },
        storage: await storageInfo(),
      };
    },
    'capture.list': async ({ limit }) => {
      const rows = await db.captures.orderBy('capturedAt').reverse().limit(limit).toArray();
      return rows.map(summarize);
    },
    'capture.delete': async ({ id }) => {
      await deleteCapture(db, id, ctx.now().toISOString());
      return { deleted: true as const };
    },
    'store.wipe': async () => ({ cleared: await wipeEvidence(db, ctx.now().toISOString()) }),
  };
}
