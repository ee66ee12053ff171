import type { CasefileDb } from '@/utils/db/schema';
import type { MessageRecord } from '@/utils/db/records';
import { changedKeys, changedMessageIds, MessageIndex, type MessageQuery, type SearchResult } from '@/utils/search';

/** Rows per read: large slices are read fastest; each is a few tens of milliseconds here. */
const SLICE = 5000;
/** Changes are gathered this long before the index is updated (a capture writes in several steps). */
const UPDATE_DELAY_MS = 150;
/** The same for a write Dexie reports as the whole table, which costs more to follow (see catchUp). */
const CATCH_UP_DELAY_MS = 500;

export interface FollowedIndexEvents {
  /** Messages read so far, while the first reading goes on. */
  progress(read: number): void;
  /** The index holds every message (again); `version` goes up at each change. */
  changed(version: number, size: number): void;
  error(message: string): void;
}

/**
 * Every message of the store in a MessageIndex, read once in large slices and then kept up to date
 * from Dexie's storage-mutation notices (`notice(parts)`, as `Dexie.on('storagemutated')` gives
 * them in any page or worker of the extension): messages named one by one are read again; a write
 * Dexie reports as the whole table is followed by catchUp.
 */
export class FollowedIndex {
  private index = new MessageIndex();
  private readonly changedIds = new Set<string>();
  private catchUpWanted = false;
  /** Rooms written since the last update ('all': more than Dexie names one by one). */
  private changedRooms: Set<string> | 'all' = new Set();
  private building = false;
  private updating = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  ready = false;
  version = 0;

  constructor(
    private readonly db: CasefileDb,
    private readonly events: FollowedIndexEvents,
  ) {}

  search(query: MessageQuery, limit: number): SearchResult {
    return this.index.search(query, limit);
  }

  /** Reads every message (again). */
  async build(): Promise<void> {
    this.building = true;
    try {
      const fresh = new MessageIndex();
      let after: string | null = null;
      for (;;) {
        const slice = after === null ? this.db.messages.orderBy(':id') : this.db.messages.where(':id').above(after);
        const rows: MessageRecord[] = await slice.limit(SLICE).toArray();
        if (rows.length === 0) break;
        fresh.put(rows);
        after = rows[rows.length - 1]!.id;
        if (!this.ready) this.events.progress(fresh.size);
        if (rows.length < SLICE) break;
      }
      this.index = fresh;
      this.ready = true;
      this.announce();
    } catch (error) {
      this.events.error(error instanceof Error ? error.message : String(error));
    } finally {
      this.building = false;
      if (this.catchUpWanted || this.changedIds.size > 0) this.schedule();
    }
  }

  /** A storage-mutation notice from Dexie. */
  notice(parts: Record<string, unknown>): void {
    const rooms = changedKeys(parts, this.db.name, 'rooms');
    if (rooms === 'all') this.changedRooms = 'all';
    else if (rooms && this.changedRooms !== 'all') for (const id of rooms) this.changedRooms.add(id);
    const ids = changedMessageIds(parts, this.db.name);
    if (ids === null) return;
    if (ids === 'all') this.catchUpWanted = true;
    else for (const id of ids) this.changedIds.add(id);
    this.schedule();
  }

  /** Applies the changes noticed so far now (the timer does it after a short delay). */
  async update(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.building || this.updating) return; // each schedules the update again when it ends
    this.updating = true;
    const ids = [...this.changedIds];
    const wholeTable = this.catchUpWanted;
    const rooms = this.changedRooms;
    this.changedIds.clear();
    this.catchUpWanted = false;
    this.changedRooms = new Set();
    try {
      if (ids.length > 0) {
        const rows = await this.db.messages.bulkGet(ids);
        this.index.put(rows.filter((r): r is MessageRecord => r !== undefined));
        this.index.remove(ids.filter((_, i) => rows[i] === undefined));
      }
      if (wholeTable) await this.catchUp(rooms);
      if (ids.length > 0 || wholeTable) this.announce();
    } catch (error) {
      this.events.error(error instanceof Error ? error.message : String(error));
    } finally {
      this.updating = false;
      if (this.catchUpWanted || this.changedIds.size > 0) this.schedule();
    }
  }

  /** Whether changes are waiting to be applied or being applied. */
  get busy(): boolean {
    return this.building || this.updating || this.timer !== null;
  }

  /**
   * After a write Dexie reports as the whole messages table (a capture storing 50 messages or
   * more, a restore, a wipe). A capture writes its room's record with its messages, so the rooms
   * written meanwhile are read again; if the number of messages then differs from the index's,
   * something else happened (or no room was named) and everything is read again.
   */
  private async catchUp(rooms: Set<string> | 'all'): Promise<void> {
    if (rooms === 'all' || rooms.size === 0) return this.build();
    for (const roomId of rooms) this.index.replaceRoom(roomId, await this.db.messages.where('roomId').equals(roomId).toArray());
    if ((await this.db.messages.count()) !== this.index.size) await this.build();
  }

  private announce() {
    this.version += 1;
    this.events.changed(this.version, this.index.size);
  }

  private schedule(): void {
    if (this.timer !== null || this.building || this.updating) return;
    this.timer = setTimeout(() => void this.update(), this.catchUpWanted ? CATCH_UP_DELAY_MS : UPDATE_DELAY_MS);
  }
}
