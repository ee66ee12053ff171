import type * as R from '../db/records';
import type { ParsedInput } from './input';
import { SegmentAllocator } from './names';
import type { Exhibit } from './format';

/**
 * The records put in a fixed order, with the names and exhibit numbers every file of the package
 * refers to. Everything is sorted by code-unit comparison (never by locale), so the same records
 * give the same package on any machine.
 */

export function cmp(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a < b ? -1 : 1;
}

function by<T>(...keys: ((t: T) => string | number | null | undefined)[]) {
  return (x: T, y: T) => {
    for (const key of keys) {
      const c = cmp(key(x), key(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** When a message happened: its parsed time, else when Casefile first saw it. */
export const messageTime = (m: R.MessageRecord): string => m.sentAt ?? m.firstSeenAt;

export interface ExhibitFile extends Exhibit {
  /** Bytes written to the package, or null for a stored blob (read and packed by the builder). */
  bytes: Uint8Array | null;
  /** Path relative to data/ (for links from report.html). */
  href: string;
}

export interface CaptureExhibit {
  id: string;
  capture: R.CaptureRecord;
  dir: string;
  files: ExhibitFile[];
}

export interface RoomView {
  id: string;
  room: R.RoomRecord | null;
  title: string;
  segment: string;
  messages: R.MessageRecord[];
  revisions: R.MessageRevision[];
  json: string;
  csv: string;
  html: string;
}

export interface PackageSubject {
  kind: 'contract' | 'case' | 'conversation';
  id: string;
  title: string | null;
}

export interface PackageModel {
  input: ParsedInput;
  exportedAt: string;
  softwareVersion: string;
  timeZone: string;
  subject: PackageSubject;
  exhibits: CaptureExhibit[];
  exhibitByCapture: Map<string, CaptureExhibit>;
  rooms: RoomView[];
  revisionsByMessage: Map<string, R.MessageRevision[]>;
  /** Anchor of each message in report.html (m-1, m-2… in transcript order). */
  messageAnchor: Map<string, string>;
  contractPath: Map<string, string>;
  snapshotById: Map<string, R.ContractSnapshot>;
  verified: string[];
  notVerified: string[];
}

const encoder = new TextEncoder();

/** What the package needs to know of a stored blob before its bytes are written. */
export interface BlobInfo {
  sha256: string;
  type: string;
  size: number;
}

/**
 * Blob infos standing in for blobs not read yet (sizes 0, types as the captures name them): a model
 * made with them has every capture's files, as the final one will, for the parts of the package
 * that depend on neither the blobs' sizes nor their stored types.
 */
export function unreadBlobInfo(captures: readonly R.CaptureRecord[]): Map<string, BlobInfo> {
  const unread = new Map<string, BlobInfo>();
  for (const c of captures) for (const ref of c.blobs) unread.set(ref.sha256, { sha256: ref.sha256, type: ref.type, size: 0 });
  return unread;
}

/** File extension and whether it is stored (already compressed) for a blob's media type. */
export function extensionFor(type: string, kind: R.BlobKind): string {
  const t = type.toLowerCase().split(';')[0]!.trim();
  const known: Record<string, string> = {
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/webp': 'webp',
    'image/gif': 'gif',
    'multipart/related': 'mhtml',
    'message/rfc822': 'mhtml',
    'application/x-mimearchive': 'mhtml',
    'application/json': 'json',
    'text/plain': 'txt',
    'text/html': 'html',
    'application/zip': 'zip',
    'application/pdf': 'pdf',
  };
  return known[t] ?? (kind === 'mhtml' ? 'mhtml' : kind === 'page-json' ? 'json' : 'bin');
}

export function sortInput(input: ParsedInput): ParsedInput {
  return {
    ...input,
    contracts: [...input.contracts].sort(by((c) => c.id)),
    contractSnapshots: [...input.contractSnapshots].sort(by((s) => s.contractId, (s) => s.capturedAt, (s) => s.id)),
    contractChanges: [...input.contractChanges].sort(by((c) => c.contractId, (c) => c.afterCapturedAt, (c) => c.id)),
    milestones: [...input.milestones].sort(by((m) => m.contractId, (m) => m.sequence, (m) => m.id)),
    rooms: [...input.rooms].sort(by((r) => r.id)),
    messages: [...input.messages].sort(by((m) => m.roomId, messageTime, (m) => m.firstSeenAt, (m) => m.id)),
    messageRevisions: [...input.messageRevisions].sort(by((r) => r.messageId, (r) => r.seenAt, (r) => r.id)),
    captures: [...input.captures].sort(by((c) => c.capturedAt, (c) => c.id)),
    blobs: [...input.blobs].sort(by((b) => b.sha256)),
    deadlines: [...input.deadlines].sort(by((d) => d.dueAt, (d) => d.id)),
    disputeEvents: [...input.disputeEvents].sort(by((e) => e.occurredAt, (e) => e.id)),
    notes: [...input.notes].sort(by((n) => n.createdAt, (n) => n.id)),
    cases: [...input.cases].sort(by((c) => c.createdAt, (c) => c.id)),
    audit: [...input.audit].sort((a, b) => a.seq - b.seq),
  };
}

export function subjectOf(input: ParsedInput): PackageSubject {
  if (input.case) return { kind: 'case', id: input.case.id, title: input.case.title };
  const contract = input.contracts[0];
  if (contract) return { kind: 'contract', id: contract.id, title: contract.title };
  const room = input.rooms[0];
  if (room) return { kind: 'conversation', id: room.id, title: room.title };
  const roomId = input.messages[0]?.roomId;
  return { kind: 'conversation', id: roomId ?? 'empty', title: null };
}

/** The files of one capture, named inside data/captures/<captureId>/. */
function captureFiles(capture: R.CaptureRecord, exhibitId: string, dir: string, blobs: ReadonlyMap<string, BlobInfo>): ExhibitFile[] {
  const common = { id: exhibitId, captureId: capture.id, capturedAt: capture.capturedAt, url: capture.url, pageKind: capture.pageKind };
  const files: ExhibitFile[] = [];
  const add = (name: string, kind: ExhibitFile['kind'], mediaType: string, bytes: Uint8Array | null, size: number, sha256: string, label?: string) => {
    const path = `data/${dir}/${name}`;
    files.push({ ...common, path, href: `${dir}/${name}`, kind, mediaType, size, sha256, bytes, ...(label !== undefined ? { label } : {}) });
  };
  const html = encoder.encode(capture.html);
  const text = encoder.encode(capture.text);
  add('page.html', 'page-html', 'text/html', html, html.byteLength, capture.htmlSha256);
  add('page.txt', 'page-text', 'text/plain', text, text.byteLength, capture.textSha256);
  const counters = new Map<string, number>();
  for (const ref of capture.blobs) {
    const blob = blobs.get(ref.sha256);
    if (!blob) continue; // refused earlier by the integrity check
    const n = (counters.get(ref.kind) ?? 0) + 1;
    counters.set(ref.kind, n);
    add(`${ref.kind}-${n}.${extensionFor(ref.type || blob.type, ref.kind)}`, ref.kind, ref.type || blob.type, null, blob.size, blob.sha256, ref.label);
  }
  return files;
}

/** Items grouped by a key, each group keeping the items' order. */
function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** `blobs`: every stored blob the captures name, checked against its hash (its bytes are read later). */
export function buildModel(
  sorted: ParsedInput,
  settings: { exportedAt: string; softwareVersion: string; timeZone: string; verified: string[]; notVerified: string[] },
  blobs: ReadonlyMap<string, BlobInfo>,
): PackageModel {
  const width = Math.max(3, String(sorted.captures.length).length);

  // Capture folders, then rooms, then contracts: each kind gets names in a fixed order.
  const captureNames = new SegmentAllocator();
  const exhibits = sorted.captures.map((capture, i): CaptureExhibit => {
    const id = `E-${String(i + 1).padStart(width, '0')}`;
    const dir = `captures/${captureNames.get(capture.id)}`;
    return { id, capture, dir, files: captureFiles(capture, id, dir, blobs) };
  });

  const revisionsByMessage = group(sorted.messageRevisions, (r) => r.messageId);

  // Every room with messages or a record gets its three files, even one whose record is missing.
  const roomIds = [...new Set([...sorted.rooms.map((r) => r.id), ...sorted.messages.map((m) => m.roomId)])].sort(cmp);
  const roomNames = new SegmentAllocator();
  const messageAnchor = new Map<string, string>();
  const roomRecords = new Map(sorted.rooms.map((r) => [r.id, r]));
  const messagesByRoom = group(sorted.messages, (m) => m.roomId);
  const revisionsByRoom = group(sorted.messageRevisions, (r) => r.roomId);
  const rooms = roomIds.map((id): RoomView => {
    const room = roomRecords.get(id) ?? null;
    const messages = messagesByRoom.get(id) ?? [];
    for (const m of messages) messageAnchor.set(m.id, `m-${messageAnchor.size + 1}`);
    const segment = roomNames.get(id);
    return {
      id,
      room,
      title: room?.title ?? `Conversation ${id}`,
      segment,
      messages,
      revisions: revisionsByRoom.get(id) ?? [],
      json: `data/messages/${segment}.json`,
      csv: `data/messages/${segment}.csv`,
      html: `data/messages/${segment}.html`,
    };
  });

  const contractNames = new SegmentAllocator();
  const contractPath = new Map(sorted.contracts.map((c) => [c.id, `data/contracts/${contractNames.get(c.id)}.json`]));

  return {
    input: sorted,
    exportedAt: settings.exportedAt,
    softwareVersion: settings.softwareVersion,
    timeZone: settings.timeZone,
    subject: subjectOf(sorted),
    exhibits,
    exhibitByCapture: new Map(exhibits.map((e) => [e.capture.id, e])),
    rooms,
    revisionsByMessage,
    messageAnchor,
    contractPath,
    snapshotById: new Map(sorted.contractSnapshots.map((s) => [s.id, s])),
    verified: settings.verified,
    notVerified: settings.notVerified,
  };
}
