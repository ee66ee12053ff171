// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractRoom, ItemMemo } from '@/utils/extract/message-room';

const NY = 'America/New_York';
const ROOM_URL = 'https://www.upwork.com/ab/messages/rooms/room_7c3e91a45b2d4f0e8a6b19d2c5f3e870';

const item = (id: string, text: string, sender?: string) =>
  `<div class="up-d-story-item" id="${id}"><div class="story-inner${sender ? ' top' : ''}">${sender ? `<div class="story-message-header"><span class="user-name">${sender}</span></div>` : ''}<span class="story-timestamp" title="March 2, 2026 at 9:${id.slice(1).padStart(2, '0')} AM">x</span><div class="story-message"><div data-test="story-message"><p>${text}</p></div></div></div></div>`;

function room(): Document {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><html><body><h2 data-test="room-title">Dana</h2><div id="story-viewport">${[item('s10', 'Hello', 'Dana'), item('s11', 'Second'), item('s12', 'Me now', 'Sam'), item('s13', 'And more')].join('')}</div></body></html>`, 'text/html');
  return doc;
}

describe('reading only what changed (ItemMemo)', () => {
  it('gives the same messages as a fresh read after edits, insertions at the top and removals, when changed items are reported', () => {
    const doc = room();
    const memo = new ItemMemo();
    const read = () => extractRoom(doc, ROOM_URL, NY, { memo, now: '2026-03-03T00:00:00Z' });
    const fresh = () => extractRoom(doc, ROOM_URL, NY, { now: '2026-03-03T00:00:00Z' });
    expect(read()).toEqual(fresh());

    // An edit, reported by the caller's MutationObserver.
    const p = doc.querySelector('#s11 p')!;
    p.textContent = 'Second, edited';
    memo.markChanged(doc.getElementById('s11')!);
    expect(read().messages.find((m) => m.id === 's11')!.text).toBe('Second, edited');
    expect(read()).toEqual(fresh());

    // Older messages load at the top: a new run by Sam; the first old item's carried sender is unchanged (it has its own).
    const pane = doc.getElementById('story-viewport')!;
    const older = new DOMParser().parseFromString(item('s08', 'Earlier', 'Sam') + item('s09', 'Earlier too'), 'text/html').body;
    pane.prepend(...Array.from(older.children).map((e) => doc.importNode(e, true)));
    expect(read()).toEqual(fresh());
    expect(read().messages.map((m) => [m.id, m.senderName])).toEqual([['s08', 'Sam'], ['s09', 'Sam'], ['s10', 'Dana'], ['s11', 'Dana'], ['s12', 'Sam'], ['s13', 'Sam']]);

    // Removing the header item of Sam's run changes what s13 carries: it is read again without being reported.
    doc.getElementById('s12')!.remove();
    expect(read()).toEqual(fresh());
    expect(read().messages.find((m) => m.id === 's13')!.senderName).toBe('Dana');
  });

  it('relies on changed items being reported: an unreported edit is not read again', () => {
    const doc = room();
    const memo = new ItemMemo();
    extractRoom(doc, ROOM_URL, NY, { memo });
    doc.querySelector('#s13 p')!.textContent = 'Changed silently';
    expect(extractRoom(doc, ROOM_URL, NY, { memo }).messages.find((m) => m.id === 's13')!.text).toBe('And more');
    memo.markChanged(doc.getElementById('s13')!);
    expect(extractRoom(doc, ROOM_URL, NY, { memo }).messages.find((m) => m.id === 's13')!.text).toBe('Changed silently');
  });
});
