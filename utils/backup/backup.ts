import type { CasefileDb } from '../db/schema';
import type { PackageInput } from '../package';

/** Everything the store holds, as the input of one package: the backup. */
export async function gatherEverything(db: CasefileDb): Promise<PackageInput> {
  const [contracts, contractSnapshots, contractChanges, milestones, rooms, messages, messageRevisions, captures, blobs, deadlines, disputeEvents, notes, cases, audit] = await Promise.all([
    db.contracts.toArray(),
    db.contractSnapshots.toArray(),
    db.contractChanges.toArray(),
    db.milestones.toArray(),
    db.rooms.toArray(),
    db.messages.toArray(),
    db.messageRevisions.toArray(),
    db.captures.toArray(),
    db.blobs.toArray(),
    db.deadlines.toArray(),
    db.disputeEvents.toArray(),
    db.notes.toArray(),
    db.cases.toArray(),
    db.audit.orderBy('seq').toArray(),
  ]);
  return { case: null, cases, contracts, contractSnapshots, contractChanges, milestones, rooms, messages, messageRevisions, captures, blobs, deadlines, disputeEvents, notes, audit };
}
