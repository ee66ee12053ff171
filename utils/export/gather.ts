import type { CasefileDb } from '../db/schema';
import type { CaptureRecord } from '../db/records';
import type { BlobReader, PackageInput } from '../package';

/** What the user picked for a package (popup, export page or a case). */
export interface ExportSelection {
  contractId: string | null;
  caseId: string | null;
  /** Rooms to include; null means every room linked to the contract (or the case's rooms). */
  roomIds: string[] | null;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  screenshots: boolean;
  mhtml: boolean;
  rawHtml: boolean;
}

export const DEFAULT_SELECTION: ExportSelection = { contractId: null, caseId: null, roomIds: null, from: null, to: null, screenshots: true, mhtml: true, rawHtml: true };

export function selectionToParams(s: ExportSelection): URLSearchParams {
  const p = new URLSearchParams();
  if (s.contractId) p.set('contract', s.contractId);
  if (s.caseId) p.set('case', s.caseId);
  if (s.roomIds) p.set('rooms', s.roomIds.join(','));
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  for (const k of ['screenshots', 'mhtml', 'rawHtml'] as const) p.set(k, s[k] ? '1' : '0');
  return p;
}

export function selectionFromParams(p: URLSearchParams): ExportSelection {
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
  return {
    contractId: p.get('contract'),
    caseId: p.get('case'),
    roomIds: p.get('rooms') ? p.get('rooms')!.split(',').filter(Boolean) : null,
    from: day(p.get('from')),
    to: day(p.get('to')),
    screenshots: p.get('screenshots') !== '0',
    mhtml: p.get('mhtml') !== '0',
    rawHtml: p.get('rawHtml') !== '0',
  };
}

/**
 * Reads what the selection covers from the store, as plain records for buildPackageBlob, without
 * the bytes of screenshots, MHTML and page JSON: the builder reads those one at a time through
 * `readStoredBlob(db)`, so a large export never holds them all. The captures are read first and
 * handed to `onCaptures` at once, so the blobs they name can start being read (blobRequests, a
 * worker's prefetch) while the rest is gathered.
 */
export async function gatherPackageInput(db: CasefileDb, s: ExportSelection, onCaptures: (captures: CaptureRecord[]) => void = () => {}): Promise<PackageInput> {
  const theCase = s.caseId ? ((await db.cases.get(s.caseId)) ?? null) : null;
  const contractId = s.contractId ?? theCase?.contractId ?? null;
  const inRange = (iso: string | null) => !iso || ((!s.from || iso >= `${s.from}T00:00:00.000Z`) && (!s.to || iso <= `${s.to}T23:59:59.999Z`));
  const linkedRooms = contractId ? await db.rooms.where('contractId').equals(contractId).primaryKeys() : [];
  const roomIds = s.roomIds ?? (theCase?.roomIds.length ? theCase.roomIds : linkedRooms);
  // One equals() per room rather than anyOf(): Dexie reads an equals() with one getAll, but walks
  // an anyOf() record by record with a cursor (a round trip each, seconds for 100,000 messages).
  // The package sorts everything itself, so the order read does not matter.
  const perRoom = async <T>(read: (roomId: string) => Promise<T[]>): Promise<T[]> => (await Promise.all(roomIds.map(read))).flat();

  const byContract = contractId ? await db.captures.where('contractId').equals(contractId).toArray() : [];
  const byRoom = await perRoom((id) => db.captures.where('roomId').equals(id).toArray());
  const seen = new Set<string>();
  const captures: CaptureRecord[] = [];
  for (const c of [...byContract, ...byRoom]) {
    if (seen.has(c.id) || !inRange(c.capturedAt)) continue;
    seen.add(c.id);
    const kinds = new Set(c.blobs.map((b) => b.kind));
    if (kinds.has('screenshot') && !s.screenshots) continue;
    if (kinds.has('mhtml') && !s.mhtml) continue;
    if (!kinds.has('screenshot') && !kinds.has('mhtml') && c.html !== '' && !s.rawHtml) continue;
    captures.push(c);
  }
  onCaptures(captures);

  const contracts = contractId ? await db.contracts.where('id').equals(contractId).toArray() : [];
  const rooms = await db.rooms.bulkGet(roomIds);
  const messages = (await perRoom((id) => db.messages.where('roomId').equals(id).toArray())).filter((m) => inRange(m.sentAt));
  const messageIds = new Set(messages.map((m) => m.id));
  const messageRevisions = (await perRoom((id) => db.messageRevisions.where('roomId').equals(id).toArray())).filter((r) => messageIds.has(r.messageId));
  const cid = contractId ?? '';
  return {
    case: theCase,
    contracts,
    contractSnapshots: (await db.contractSnapshots.where('contractId').equals(cid).toArray()).filter((x) => inRange(x.capturedAt)),
    contractChanges: (await db.contractChanges.where('contractId').equals(cid).toArray()).filter((x) => inRange(x.afterCapturedAt)),
    milestones: await db.milestones.where('contractId').equals(cid).toArray(),
    rooms: rooms.filter((r) => r !== undefined),
    messages,
    messageRevisions,
    captures,
    blobs: [],
    deadlines: await db.deadlines.where('contractId').equals(cid).toArray(),
    disputeEvents: await db.disputeEvents.where('contractId').equals(cid).toArray(),
    notes: theCase ? await db.notes.where('caseId').equals(theCase.id).toArray() : await db.notes.where('contractId').equals(cid).toArray(),
    audit: await db.audit.orderBy('seq').toArray(),
  };
}

/**
 * One stored blob (bytes included) at a time, for buildPackageBlob's `readBlob`. Read straight from
 * IndexedDB under Dexie, so no layer (Dexie's query cache among them) keeps a reference to the
 * bytes: the builder frees each record's buffer as soon as it is packed.
 */
export function readStoredBlob(db: CasefileDb): BlobReader {
  return async (sha256) => {
    if (!db.isOpen()) await db.open();
    const idb = db.backendDB();
    return new Promise((resolve, reject) => {
      const request = idb.transaction(db.blobs.name, 'readonly').objectStore(db.blobs.name).get(sha256);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(`Reading blob ${sha256} failed.`));
    });
  };
}
