import { z } from '../zod';
import { IsoUtc, PageKind, Sha256 } from '../db/records';

/**
 * The package format, version 1 (described for people in docs/package-format.md). Bump the
 * version when a file's meaning changes; adding optional fields keeps it.
 */
export const FORMAT_ID = 'casefile-package/1';
export const SOFTWARE_NAME = 'Casefile';

/** Tag labels Casefile adds to bag-info.txt beside RFC 8493's reserved ones. */
export const TAG = {
  exportTime: 'Casefile-Export-Time',
  format: 'Casefile-Format',
  digest: 'Casefile-Package-Digest',
} as const;

/** Where things are inside the bag (the folder named like the ZIP). */
export const PATHS = {
  bagit: 'bagit.txt',
  bagInfo: 'bag-info.txt',
  manifest: 'manifest-sha256.txt',
  tagManifest: 'tagmanifest-sha256.txt',
  verifyPage: 'verify.html',
  report: 'data/report.html',
  ticket: 'data/ticket.txt',
  index: 'data/index.json',
  caseFile: 'data/case.json',
  cases: 'data/cases.json',
  changes: 'data/changes.json',
  deadlines: 'data/deadlines.json',
  deadlinesIcs: 'data/deadlines.ics',
  events: 'data/events.json',
  notes: 'data/notes.json',
  audit: 'data/audit-log.jsonl',
} as const;

export const EXHIBIT_KINDS = ['capture-metadata', 'page-html', 'page-text', 'screenshot', 'mhtml', 'page-json'] as const;

/** One captured file: the things a reviewer cites ("exhibit E-004, the screenshot"). */
export const Exhibit = z
  .object({
    id: z.string().regex(/^E-\d{3,}$/).describe('Exhibit number of the capture this file belongs to (E-001 is the earliest capture).'),
    path: z.string().describe('Path of the file inside the bag, e.g. data/captures/<captureId>/screenshot-1.png.'),
    kind: z.enum(EXHIBIT_KINDS),
    captureId: z.string(),
    capturedAt: IsoUtc,
    url: z.string().describe('The page address the capture was taken from.'),
    pageKind: PageKind,
    mediaType: z.string(),
    size: z.number().int().nonnegative(),
    sha256: Sha256.describe('SHA-256 of the file; the same value as its line in manifest-sha256.txt.'),
    label: z.string().optional(),
  })
  .meta({ id: 'Exhibit' });
export type Exhibit = z.infer<typeof Exhibit>;

export const PackageIndex = z
  .object({
    format: z.literal(FORMAT_ID),
    packageId: z.string().min(1).describe('Also the External-Identifier in bag-info.txt.'),
    exportedAt: IsoUtc,
    software: z.object({ name: z.literal(SOFTWARE_NAME), version: z.string() }),
    subject: z.object({ kind: z.enum(['contract', 'case', 'conversation']), id: z.string(), title: z.string().nullable() }),
    contracts: z.array(z.object({ id: z.string(), title: z.string().nullable(), path: z.string() })),
    rooms: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable(),
        contractId: z.string().nullable(),
        messages: z.number().int().nonnegative(),
        revisions: z.number().int().nonnegative(),
        json: z.string(),
        csv: z.string(),
        html: z.string(),
      }),
    ),
    exhibits: z.array(Exhibit),
    documents: z
      .array(z.object({ path: z.string(), description: z.string() }))
      .describe('Files Casefile wrote from the records (report, transcripts, lists); their hashes are in manifest-sha256.txt.'),
    counts: z.object({
      captures: z.number().int().nonnegative(),
      messages: z.number().int().nonnegative(),
      revisions: z.number().int().nonnegative(),
      contractSnapshots: z.number().int().nonnegative(),
      contractChanges: z.number().int().nonnegative(),
      deadlines: z.number().int().nonnegative(),
      disputeEvents: z.number().int().nonnegative(),
      notes: z.number().int().nonnegative(),
      auditEntries: z.number().int().nonnegative(),
    }),
    integrity: z
      .object({
        verified: z.array(z.string()),
        notVerified: z.array(z.string()),
      })
      .describe('Which stored hashes were re-checked against the stored bytes before the package was written.'),
  })
  .meta({
    title: 'Casefile package index (data/index.json)',
    description: 'Format casefile-package/1: what a Casefile evidence package holds. See docs/package-format.md.',
  });
export type PackageIndex = z.infer<typeof PackageIndex>;

/**
 * The JSON Schema of data/index.json, as published in docs/index.schema.json. Written for what a
 * reader accepts ("input"): fields added by a later minor revision do not make a file invalid,
 * as PackageIndex itself ignores them.
 */
export function indexJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PackageIndex, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
