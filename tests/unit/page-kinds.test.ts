import { describe, expect, it } from 'vitest';
import { PAGE_KINDS } from '@/utils/db/records';
import { detectPage, isChallengeTitle, PAGE_KIND_LABELS, SAMPLE_URLS } from '@/utils/page-kinds';

describe('page kinds', () => {
  it('every kind recognised from URLs has sample URLs and a label', () => {
    for (const kind of PAGE_KINDS) {
      expect(PAGE_KIND_LABELS[kind], kind).toBeTruthy();
      if (kind === 'challenge') continue;
      expect(SAMPLE_URLS[kind]?.length ?? 0, `${kind} has no sample URLs`).toBeGreaterThan(0);
    }
  });

  it("each kind's samples are detected as that kind, and so are negatives for every other kind", () => {
    for (const [kind, urls] of Object.entries(SAMPLE_URLS)) {
      for (const url of urls) expect(detectPage(url).kind, url).toBe(kind);
    }
  });

  it('reads the room id and the contract id with its tab', () => {
    expect(detectPage(SAMPLE_URLS['message-room'][1]!)).toEqual({ kind: 'message-room', roomId: 'room_4f2a9c1b7e3d4a5b8c6d0e1f2a3b4c5d' });
    expect(detectPage('https://www.upwork.com/nx/wm/workroom/38210457/messages')).toEqual({ kind: 'workroom', contractId: '38210457', tab: 'messages' });
    expect(detectPage('https://www.upwork.com/nx/wm/workroom/38210457')).toMatchObject({ tab: 'overview' });
  });

  it('recognises the bot challenge by its title', () => {
    expect(isChallengeTitle('Just a moment...')).toBe(true);
    expect(isChallengeTitle('Messages - Upwork')).toBe(false);
  });
});
