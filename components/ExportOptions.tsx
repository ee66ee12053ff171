import { useLiveQuery } from 'dexie-react-hooks';
import type { CasefileDb } from '@/utils/db/schema';
import type { ExportSelection } from '@/utils/export/gather';

/** What goes in a package: contract, its rooms, a date range, and which raw exhibits. */
export function ExportOptions({ db, value, onChange }: { db: CasefileDb; value: ExportSelection; onChange: (s: ExportSelection) => void }) {
  const contracts = useLiveQuery(() => db.contracts.toArray(), [db]) ?? [];
  const rooms = useLiveQuery(() => db.rooms.toArray(), [db]) ?? [];
  const linked = rooms.filter((r) => value.contractId && r.contractId === value.contractId).map((r) => r.id);
  const chosen = value.roomIds ?? linked;
  const set = (patch: Partial<ExportSelection>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="export-options">
      <legend>What goes in the package</legend>
      <label>
        Contract
        <select value={value.contractId ?? ''} onChange={(e) => set({ contractId: e.target.value || null, roomIds: null })}>
          <option value="">(none: conversations only)</option>
          {contracts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title ?? c.id}
            </option>
          ))}
        </select>
      </label>
      <div role="group" aria-label="Conversations">
        {rooms.length === 0 && <p className="muted">No conversations recorded yet.</p>}
        {rooms.map((r) => (
          <label key={r.id} className="check">
            <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => set({ roomIds: e.target.checked ? [...chosen, r.id] : chosen.filter((x) => x !== r.id) })} />
            {r.title ?? r.id}
          </label>
        ))}
      </div>
      <div className="row">
        <label>
          From <input type="date" value={value.from ?? ''} onChange={(e) => set({ from: e.target.value || null })} />
        </label>
        <label>
          To <input type="date" value={value.to ?? ''} onChange={(e) => set({ to: e.target.value || null })} />
        </label>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={value.screenshots} onChange={(e) => set({ screenshots: e.target.checked })} /> Screenshots
        </label>
        <label className="check">
          <input type="checkbox" checked={value.mhtml} onChange={(e) => set({ mhtml: e.target.checked })} /> MHTML
        </label>
        <label className="check">
          <input type="checkbox" checked={value.rawHtml} onChange={(e) => set({ rawHtml: e.target.checked })} /> Raw pages (HTML)
        </label>
      </div>
    </fieldset>
  );
}
