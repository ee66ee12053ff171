// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { all, first, ROOM, WORKROOM, WORKROOM_LABELS, MILESTONE_STATUS_WORDS } from '@/utils/extract/selectors';
import { extractorFor } from '@/utils/extract';

describe('selectors', () => {
  const lists = Object.entries({ ...prefix('ROOM', ROOM), ...prefix('WORKROOM', WORKROOM) });

  it.each(lists)('%s is a non-empty list of valid selectors', (_name, alternatives) => {
    expect(alternatives.length).toBeGreaterThan(0);
    for (const s of alternatives) expect(() => document.querySelector(s), s).not.toThrow();
  });

  it('labels and status words are non-empty and unique', () => {
    for (const [name, labels] of Object.entries(WORKROOM_LABELS)) {
      expect(labels.length, name).toBeGreaterThan(0);
      expect(new Set(labels.map((l) => l.toLowerCase())).size, name).toBe(labels.length);
    }
    expect(new Set(MILESTONE_STATUS_WORDS.map((w) => w.toLowerCase())).size).toBe(MILESTONE_STATUS_WORDS.length);
  });

  it('alternatives are tried in order, not in document order', () => {
    document.body.innerHTML = '<h2 class="room-title">old</h2><h2 data-test="room-title">new</h2>';
    expect(first(document, ROOM.title)?.textContent).toBe('new');
    expect(all(document, ['.missing', 'h2']).length).toBe(2);
  });
});

describe('which extractor reads which address', () => {
  it.each([
    ['https://www.upwork.com/ab/messages/rooms/room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d', 'room'],
    ['https://www.upwork.com/nx/wm/workroom/38210457/messages', 'room'],
    ['https://www.upwork.com/nx/wm/workroom/38210457/overview', 'workroom'],
    ['https://www.upwork.com/nx/wm/workroom/38210457', 'workroom'],
    ['https://www.upwork.com/ab/messages/rooms', null],
    ['https://www.upwork.com/nx/wm/contracts', null],
  ])('%s → %s', (url, extractor) => {
    expect(extractorFor(url)).toBe(extractor);
  });
});

function prefix(name: string, o: Record<string, readonly string[]>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${name}.${k}`, v]));
}
