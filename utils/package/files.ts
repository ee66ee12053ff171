import { canonicalJson } from '../hashing';
import { MessageRecord, MessageRevision } from '../db/records';
import type * as R from '../db/records';
import { FORMAT_ID, PATHS } from './format';
import { transcriptPage } from './html';
import type { PackageModel, RoomView } from './model';
import { csvRow, stableJson } from './text';

/**
 * The payload files made from the records (everything in data/ except index.json, report.html and
 * ticket.txt, which need the package id). Each is { path, bytes, description }; a screenshot, MHTML
 * or page JSON has no bytes here but the stored blob it comes from (read and packed by the builder).
 */
export interface MadeFile {
  path: string;
  bytes: Uint8Array | null;
  /** The stored blob holding the file's bytes, when `bytes` is null. */
  blob?: { sha256: string; size: number };
  /** What it is, for data/index.json; exhibits describe themselves there instead. */
  description: string | null;
}

const encoder = new TextEncoder();
const text = (path: string, content: string, description: string | null): MadeFile => ({ path, bytes: encoder.encode(content), description });

/**
 * CSV columns: every field of a message record, in the store schema's order (so a field added to
 * the schema appears here too), then the fields only a revision has.
 */
const MESSAGE_FIELDS = Object.keys(MessageRecord.shape) as (keyof R.MessageRecord)[];
const REVISION_ONLY = (Object.keys(MessageRevision.shape) as (keyof R.MessageRevision)[]).filter((k) => !(MESSAGE_FIELDS as string[]).includes(k));
const CSV_COLUMNS = ['record', ...MESSAGE_FIELDS, ...REVISION_ONLY];

/** A field as one cell: text as is, lists and objects as JSON, nothing as an empty cell. */
function cell(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function csvRecord(kind: 'message' | 'revision', record: Record<string, unknown>): string {
  return csvRow(CSV_COLUMNS.map((column) => (column === 'record' ? kind : cell(record[column]))));
}

/**
 * One conversation as CSV: a row per message (record = "message"), followed by a row per earlier
 * version of it (record = "revision", with its own id, messageId and seenAt). UTF-8 with a
 * byte-order mark so spreadsheet programs read it as UTF-8.
 */
export function messagesCsv(model: PackageModel, room: RoomView): string {
  const rows = [`\uFEFF${csvRow(CSV_COLUMNS)}`];
  for (const m of room.messages) {
    rows.push(csvRecord('message', m));
    for (const r of model.revisionsByMessage.get(m.id) ?? []) rows.push(csvRecord('revision', r));
  }
  // Revisions of messages that are not themselves in the package (kept, never dropped).
  const ids = new Set(room.messages.map((m) => m.id));
  for (const r of room.revisions) if (!ids.has(r.messageId)) rows.push(csvRecord('revision', r));
  return rows.join('');
}

/** Each capture's files: capture.json, page.html, page.txt, and its stored blobs (no bytes here). */
export function makeCaptureFiles(model: PackageModel): MadeFile[] {
  const files: MadeFile[] = [];
  for (const exhibit of model.exhibits) {
    const { html: _html, text: _text, ...record } = exhibit.capture;
    const metadata = {
      format: FORMAT_ID,
      exhibit: exhibit.id,
      capture: record,
      files: exhibit.files.map((f) => ({ name: f.path.slice(`data/${exhibit.dir}/`.length), kind: f.kind, mediaType: f.mediaType, size: f.size, sha256: f.sha256, ...(f.label ? { label: f.label } : {}) })),
      hashes:
        'htmlSha256 is the SHA-256 of page.html and textSha256 of page.txt (UTF-8). sha256 is the SHA-256 of the RFC 8785 canonical JSON of this capture record without html, text, sha256, roomId and contractId. "blobs" gives the SHA-256 of each screenshot, MHTML and page JSON file.',
    };
    files.push(text(`data/${exhibit.dir}/capture.json`, stableJson(metadata), null));
    for (const f of exhibit.files) files.push(f.bytes ? { path: f.path, bytes: f.bytes, description: null } : { path: f.path, bytes: null, blob: { sha256: f.sha256, size: f.size }, description: null });
  }

  return files;
}

/**
 * Every payload file made from the records except the captures' own (contracts, conversations,
 * changes, deadlines, events, notes, cases, audit log): none depends on the stored blobs.
 */
export function makeRecordFiles(model: PackageModel): MadeFile[] {
  const { input } = model;
  const files: MadeFile[] = [];

  for (const c of input.contracts) {
    files.push(
      text(
        model.contractPath.get(c.id)!,
        stableJson({
          format: FORMAT_ID,
          contract: c,
          milestones: input.milestones.filter((m) => m.contractId === c.id),
          snapshots: input.contractSnapshots.filter((s) => s.contractId === c.id),
          changes: input.contractChanges.filter((ch) => ch.contractId === c.id),
        }),
        `Contract ${c.id}: the current record, every snapshot captured and every change seen between them`,
      ),
    );
  }

  for (const room of model.rooms) {
    files.push(text(room.json, stableJson({ format: FORMAT_ID, room: room.room, messages: room.messages, revisions: room.revisions }), `Conversation ${room.id}: room, messages and earlier versions (JSON)`));
    files.push(text(room.csv, messagesCsv(model, room), `Conversation ${room.id}: messages and earlier versions (CSV)`));
    files.push(text(room.html, transcriptPage(model, room), `Conversation ${room.id}: readable transcript (HTML)`));
  }

  files.push(text(PATHS.changes, stableJson({ format: FORMAT_ID, changes: input.contractChanges }), 'Every contract change seen, across contracts'));
  files.push(text(PATHS.deadlines, stableJson({ format: FORMAT_ID, deadlines: input.deadlines, rules: input.deadlineRules }), 'Deadlines computed from Upwork\u2019s rules, with their status'));
  if (input.deadlinesIcs !== undefined) files.push(text(PATHS.deadlinesIcs, input.deadlinesIcs, 'The deadlines as a calendar (iCalendar)'));
  files.push(text(PATHS.events, stableJson({ format: FORMAT_ID, events: input.disputeEvents }), 'Dispute events, captured or entered by the freelancer'));
  files.push(text(PATHS.notes, stableJson({ format: FORMAT_ID, notes: input.notes }), 'The freelancer\u2019s own notes'));
  if (input.case) files.push(text(PATHS.caseFile, stableJson({ format: FORMAT_ID, case: input.case }), 'The case this package was made for'));
  if (input.cases.length > 0) files.push(text(PATHS.cases, stableJson({ format: FORMAT_ID, cases: input.cases }), 'Every case (a backup of the whole store)'));
  // One entry per line in its canonical form: exactly the bytes its hash is computed over, plus "hash".
  files.push(text(PATHS.audit, input.audit.map((entry) => `${canonicalJson(entry)}\n`).join(''), 'The audit log: every recorded event, each entry hashed and linked to the one before'));
  return files;
}
