// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractRoom, mergeSources, messagesFromStoriesJson } from '@/utils/extract/message-room';
import { plainText } from '@/utils/extract/text';
import { observed, ROOM_ID } from './test-data';

const NY = 'America/New_York';
const ROOM_URL = `https://www.upwork.com/ab/messages/rooms/${ROOM_ID}`;

function page(body: string): Document {
  return new DOMParser().parseFromString(`<!DOCTYPE html><html><body>${body}</body></html>`, 'text/html');
}

function item(id: string, inner: string, title = 'March 2, 2026 at 9:14 AM'): string {
  return `<div class="up-d-story-item" id="${id}"><div class="up-d-story"><div class="story-inner">${inner.replace('{stamp}', `<span class="story-timestamp" title="${title}">x</span>`)}</div></div></div>`;
}

describe('merging the page and the page\'s JSON by storyId', () => {
  const dom = [
    observed({ id: 's1', senderName: null, sentAt: '2026-03-02T14:14:00.000Z', sentAtDisplayed: 'March 2, 2026 at 9:14 AM', text: 'Deadline is Feb 9.', attachments: [{ name: 'a.pdf', size: '1 KB', url: null }] }),
    observed({ id: 's2', senderName: 'Priya Nair', sentAt: null, sentAtUnparsed: true, sentAtDisplayed: '??', text: 'Second' }),
    observed({ id: 's3', senderName: 'Priya Nair', kind: 'message', text: 'Shown as a message' }),
  ];
  const json = messagesFromStoriesJson(
    {
      stories: [
        { storyId: 's0', userId: 'u-priya', message: 'Older, not rendered', created: 1772460000000, isSystemStory: 0, deleted: 0 },
        { storyId: 's1', userId: 'u-priya', message: '**Deadline** is `Feb 9`.', created: 1772460877250, isSystemStory: 0, deleted: 0 },
        { storyId: 's2', userId: 'u-priya', message: 'Second', created: 1772460900000, isSystemStory: 0, deleted: 1 },
        { storyId: 's3', userId: 'u-priya', message: 'Milestone funded', created: 1772460960000, isSystemStory: 1, deleted: 0 },
      ],
    },
    ROOM_ID,
  );

  it('the JSON gives exact times, deletion and system flags and user ids; the page gives text, names, attachments and the displayed time', () => {
    const merged = mergeSources(dom, json);
    expect(merged.map((m) => m.id)).toEqual(['s1', 's2', 's3', 's0']);
    expect(merged[0]).toMatchObject({
      sentAt: '2026-03-02T14:14:37.250Z',
      sentAtDisplayed: 'March 2, 2026 at 9:14 AM',
      text: 'Deadline is Feb 9.',
      jsonText: '**Deadline** is `Feb 9`.',
      senderId: 'u-priya',
      // Learnt from another message by the same user id on the page.
      senderName: 'Priya Nair',
      source: 'both',
      attachments: [{ name: 'a.pdf', size: '1 KB', url: null }],
    });
    expect(merged[1]).toMatchObject({ deleted: true, sentAt: '2026-03-02T14:15:00.000Z', sentAtUnparsed: false, sentAtDisplayed: '??' });
    expect(merged[2]).toMatchObject({ kind: 'system', senderName: null });
    expect(merged[3]).toMatchObject({ id: 's0', source: 'json', senderName: 'Priya Nair', text: 'Older, not rendered', sentAtDisplayed: null });
  });

  it('either source alone works', () => {
    expect(mergeSources(dom, [])).toEqual(dom);
    const alone = mergeSources([], json);
    expect(alone.map((m) => m.id)).toEqual(['s0', 's1', 's2', 's3']);
    expect(alone.every((m) => m.source === 'json' && m.senderName === null)).toBe(true);
  });

  it('when the page showed no text for a message, the JSON\'s text is used and marked as such', () => {
    const [m] = mergeSources([observed({ id: 's1', text: '' })], json);
    expect(m).toMatchObject({ text: '**Deadline** is `Feb 9`.', source: 'json' });
  });
});

describe('the stories JSON (REFERENCE §2 stories/simplified, §4 RoomStory)', () => {
  it('reads created ms, system and deleted flags, attachments; skips what is not a story', () => {
    const out = messagesFromStoriesJson(
      {
        stories: [
          { storyId: 'story_1', userId: 'u1', message: 'Hi', created: 1768896720000, isSystemStory: 0, deleted: 0, attachments: [{ name: 'x.pdf', sizeLabel: '2 KB', url: '/messages/att/1/x.pdf' }, { name: 'evil', url: 'javascript:alert(1)' }] },
          { storyId: 'story_2', message: 'Contract started', created: '1768896780000', isSystemStory: true, deleted: false },
          { storyId: '<img src=x>', message: 'bad id' },
          null,
          'text',
          { message: 'no id' },
        ],
      },
      ROOM_ID,
    );
    expect(out).toEqual([
      {
        id: 'story_1',
        roomId: ROOM_ID,
        senderName: null,
        senderId: 'u1',
        sentAt: '2026-01-20T08:12:00.000Z',
        sentAtDisplayed: null,
        sentAtUnparsed: false,
        text: 'Hi',
        source: 'json',
        jsonText: 'Hi',
        attachments: [
          { name: 'x.pdf', size: '2 KB', url: 'https://www.upwork.com/messages/att/1/x.pdf' },
          { name: 'evil', size: null, url: null },
        ],
        kind: 'message',
        deleted: false,
      },
      expect.objectContaining({ id: 'story_2', kind: 'system', sentAt: '2026-01-20T08:13:00.000Z', senderName: null }),
    ]);
  });

  it('accepts the GraphQL RoomStory shape and refuses what is not a stories payload', () => {
    const out = messagesFromStoriesJson({ data: { stories: [{ id: 'story_9', createdDateTime: '2026-01-20T08:12:00+00:00', user: { id: 'u9', name: 'Sam Ortiz' }, message: 'Hello', attachments: [{ objectReferenceId: 'att_1', metadata: [{ key: 'fileName', value: 'a.png' }] }] }] } }, ROOM_ID);
    expect(out[0]).toMatchObject({ id: 'story_9', senderName: 'Sam Ortiz', senderId: 'u9', sentAt: '2026-01-20T08:12:00.000Z', attachments: [{ name: 'a.png', size: null, url: null }] });
    for (const bad of [null, 42, 'x', {}, { stories: 'no' }]) expect(messagesFromStoriesJson(bad, ROOM_ID)).toEqual([]);
  });
});

describe('reading a room from the page', () => {
  it('carries the sender forward across a run and across system events, but not into a new run without a name', () => {
    const doc = page(
      `<div id="story-viewport">` +
        item('s1', '<div class="story-message-header"><span class="user-name">Priya Nair</span>{stamp}</div><div class="story-message"><div data-test="story-message">One</div></div>') +
        item('s2', '<div class="story-message">{stamp}<div data-test="story-message">Two</div></div>') +
        item('s3', '<div class="system-event-text">Milestone funded</div>{stamp}') +
        item('s4', '<div class="story-message">{stamp}<div data-test="story-message">Three</div></div>') +
        `<div class="up-d-story-item" id="s5"><div class="story-inner top">${'<span class="story-timestamp" title="March 2, 2026 at 9:20 AM">9:20 AM</span>'}<div class="story-message"><div data-test="story-message">Four</div></div></div></div>` +
        `</div>`,
    );
    const r = extractRoom(doc, ROOM_URL, NY);
    expect(r.messages.map((m) => [m.id, m.kind, m.senderName, m.text])).toEqual([
      ['s1', 'message', 'Priya Nair', 'One'],
      ['s2', 'message', 'Priya Nair', 'Two'],
      ['s3', 'system', null, 'Milestone funded'],
      ['s4', 'message', 'Priya Nair', 'Three'],
      ['s5', 'message', null, 'Four'],
    ]);
    expect(r.renderedIds).toEqual(['s1', 's2', 's3', 's4', 's5']);
  });

  it('on a workroom Messages tab the room id comes from the page data, the contract id from the address', () => {
    const payload = JSON.stringify([{ data: 1 }, { room: 2, contract: 3 }, { id: 4, contractId: 5 }, `room_${'a'.repeat(32)}`, '40112233', { id: 5 }]);
    const doc = page(`<h2 data-test="room-title">Priya Nair</h2><div id="story-viewport">${item('s1', '<div data-test="story-message">Hi</div>{stamp}')}</div><script type="application/json" id="__NUXT_DATA__">${payload}</script>`);
    const r = extractRoom(doc, 'https://www.upwork.com/nx/wm/workroom/40112233/messages', NY);
    expect(r.room).toMatchObject({ id: `room_${'a'.repeat(32)}`, contractId: '40112233', title: 'Priya Nair' });
    expect(r.messages[0]!.roomId).toBe(`room_${'a'.repeat(32)}`);
    expect(r.status.status).toBe('ok');
  });

  it('without a room id anywhere, the messages are still read and the capture is partial', () => {
    const doc = page(`<h2 data-test="room-title">X</h2><div id="story-viewport">${item('s1', '<div data-test="story-message">Hi</div>{stamp}')}</div>`);
    const r = extractRoom(doc, 'https://www.upwork.com/nx/wm/workroom/40112233/messages', NY);
    expect(r.room).toBeNull();
    expect(r.messages).toHaveLength(1);
    expect(r.status).toEqual({ status: 'partial', detail: 'the room id was not found on the page' });
  });

  it('an empty page is a failed extraction, not an empty room', () => {
    expect(extractRoom(page('<p>Loading…</p>'), ROOM_URL, NY).status.status).toBe('failed');
    expect(extractRoom(page('<div id="story-viewport"></div>'), ROOM_URL, NY).status).toMatchObject({ status: 'failed' });
  });

  it('a huge message is kept whole, as plain text', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} &lt;b&gt;`);
    const doc = page(`<div id="story-viewport">${item('s1', `<div data-test="story-message"><p>${lines.join('<br>')}</p></div>{stamp}`)}</div>`);
    const [m] = extractRoom(doc, ROOM_URL, NY).messages;
    expect(m!.text.split('\n')).toHaveLength(5000);
    expect(m!.text.endsWith('line 4999 <b>')).toBe(true);
  });
});

describe('plain text of rich text', () => {
  const text = (html: string, skip?: string) => plainText(page(`<div id="r">${html}</div>`).getElementById('r')!, skip);

  it('keeps line breaks from p, br and li, and collapses source whitespace', () => {
    expect(text('<p>a\n   b</p><p>c<br>d</p><ul><li>x</li><li> y </li></ul>')).toBe('a b\n\nc\nd\n\nx\ny');
    expect(text('  <strong>bold</strong>  and <code>code</code>  ')).toBe('bold and code');
    expect(text('<p>one</p>\n\n<p>two</p>')).toBe('one\n\ntwo');
    expect(text('a<br><br>b')).toBe('a\n\nb');
  });

  it('keeps <pre> as written, and skips scripts, hidden parts and what the caller names', () => {
    expect(text('<pre>  x\n\n  y</pre>')).toBe('  x\n\n  y');
    expect(text('<p>shown<script>alert(1)</script><span hidden>no</span><span class="menu">menu</span></p>', '.menu')).toBe('shown');
  });

  it('never interprets characters: markup-like text and bidi controls come out as they are', () => {
    expect(text('&lt;img src=x onerror=alert(1)&gt;')).toBe('<img src=x onerror=alert(1)>');
    expect(text('invoice_\u202Efdp.exe')).toBe('invoice_\u202Efdp.exe');
  });
});
