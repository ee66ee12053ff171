import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendCommand } from '../messaging';
import { CAPTURED_KINDS, detectPage, isChallengeTitle } from '../page-kinds';
import { snapshotFragment, snapshotHtmlSliced, snapshotTextSliced } from '../raw-snapshot';
import { timeSlicer, type Tick } from '../slices';
import type { ExtractionStatus, PageKind } from '../db/records';
import type { ObservedMessage, PageJson, RequestOf, Structured, WholeCaptureProgress } from '../protocol';
import { decodeObserved, PAGE_JSON_EVENT, PAGE_JSON_READY_EVENT } from '../observe/page-json';
import { autoCaptureOn, DEFAULT_AUTO_CAPTURE, getAutoCapture, onAutoCaptureChange, type AutoCapture } from '../settings';
import { extractRoomSliced, findConversationPane, ItemMemo, messagesFromStoriesJson, mergeSources, roomIdOf, storiesIn } from '../extract/message-room';
import { ROOM } from '../extract/selectors';
import { extractWorkroom } from '../extract/workroom';

/** How long the page must be quiet before a capture, and the most a capture waits for quiet. */
const SETTLE_MS = 300;
const SETTLE_MAX_MS = 5000;
/**
 * An automatic capture of a room whose messages have not loaded yet (the pane empty, no stories
 * received: a slow connection) waits this long for them; the pane's first change, or the stories
 * arriving, captures it sooner. Then what is there is recorded, empty or not.
 */
const EMPTY_ROOM_WAIT_MS = 10_000;
/** Batching of incremental captures while the user scrolls. */
const BATCH_MS = 800;
const BATCH_MAX_MS = 3000;
/**
 * Most characters of message text in one message to the background (its limit is 32 MiB); larger
 * sets go in several batches. A typical conversation of thousands of messages is one batch.
 */
const BATCH_CHARS = 6_000_000;
/** Stories of the page's JSON read between two turns for the page. */
const STORIES_PER_SLICE = 250;
const messageChars = (m: ObservedMessage) => 400 + m.text.length + (m.jsonText?.length ?? 0) + (m.sentAtDisplayed?.length ?? 0);

/** Splits messages into batches of at most BATCH_CHARS (at least one message each). */
function batchesOf(messages: ObservedMessage[]): ObservedMessage[][] {
  const out: ObservedMessage[][] = [[]];
  let chars = 0;
  for (const m of messages) {
    const size = messageChars(m);
    if (chars + size > BATCH_CHARS && out[out.length - 1]!.length > 0) {
      out.push([]);
      chars = 0;
    }
    out[out.length - 1]!.push(m);
    chars += size;
  }
  return out;
}

type Extraction = ExtractionStatus;

/** What makes a message "already recorded" from this page: every field the store compares. */
function signature(m: ObservedMessage): string {
  return JSON.stringify([m.text, m.attachments, m.deleted, m.senderName, m.sentAt, m.sentAtDisplayed, m.kind]);
}

const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** This page now: its address, kind (a bot check by its title) and what every capture of it records. */
function describePage() {
  const url = location.href;
  const info = detectPage(url);
  const kind: PageKind = isChallengeTitle(document.title) ? 'challenge' : info.kind;
  const base = {
    url,
    pageKind: kind,
    title: document.title,
    capturedAt: new Date().toISOString(),
    timeZone: timeZone(),
    userAgent: navigator.userAgent,
    ...(info.contractId ? { contractId: info.contractId } : {}),
  };
  return { url, info, kind, base };
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Records one Upwork tab: a raw capture of the page once it settles, then incremental captures of
 * conversation items as they load (one MutationObserver on the conversation pane, batched), merged
 * with the stories JSON the page itself received. It keeps nothing but what it already sent.
 */
export class PageRecorder {
  private url = '';
  private roomKey: string | null = null;
  private sent = new Map<string, string>();
  private jsonMessages = new Map<string, ObservedMessage>();
  private pendingJson: PageJson[] = [];
  private unparsedStories: { body: string; roomId: string }[] = [];
  private paneObserver: MutationObserver | null = null;
  private observedPane: Element | null = null;
  private batchTimer: number | undefined;
  private batchStarted = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pageCaptured = false;
  /** Until when an automatic page capture of a room still empty waits for its messages (0: not waiting yet). */
  private emptyRoomUntil = 0;
  private whole: { cancelled: boolean } | null = null;
  private auto: AutoCapture = DEFAULT_AUTO_CAPTURE;
  /** Whether `auto` is the user's choice yet (read from storage when the script starts). */
  private settingsKnown = false;
  /** What each rendered item gave when last read; a batch re-reads only the items that changed. */
  private memo = new ItemMemo();

  constructor(private readonly ctx: ContentScriptContext) {}

  start(): void {
    this.ctx.onInvalidated(onAutoCaptureChange((a) => (this.auto = a)));
    const onObserved = (event: Event) => {
      const observed = decodeObserved((event as CustomEvent<unknown>).detail);
      if (observed) this.takePageJson(observed);
    };
    window.addEventListener(PAGE_JSON_EVENT, onObserved);
    this.ctx.onInvalidated(() => window.removeEventListener(PAGE_JSON_EVENT, onObserved));
    // What the observer kept is asked for once the user's automatic-capture choice is known:
    // stories stored on arrival must not be stored when it is off.
    void getAutoCapture().then((a) => {
      this.auto = a;
      this.settingsKnown = true;
      if (!this.ctx.isInvalid) window.dispatchEvent(new CustomEvent(PAGE_JSON_READY_EVENT));
    });
    this.ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      if (newUrl.href !== this.url) this.onNavigate();
    });
    this.ctx.onInvalidated(() => this.paneObserver?.disconnect());
    this.onNavigate();
  }

  /** A new page (first load or SPA navigation): start a new capture of it. */
  private onNavigate(): void {
    this.url = location.href;
    const info = detectPage(this.url);
    const key = info.roomId ?? (info.contractId ? `contract:${info.contractId}:${info.tab}` : this.url);
    if (key !== this.roomKey) {
      this.roomKey = key;
      this.sent.clear();
      this.memo = new ItemMemo();
      this.pageCaptured = false;
      this.emptyRoomUntil = 0;
    }
    this.waitForQuiet(() => this.enqueue('page'));
  }

  private takePageJson(data: { kind: PageJson['kind']; url: string; receivedAt: string; body: string; roomId: string | null }): void {
    const json: PageJson = { kind: data.kind, url: data.url, receivedAt: data.receivedAt, body: data.body };
    this.pendingJson.push(json);
    if (data.kind === 'stories' && data.roomId) this.unparsedStories.push({ body: data.body, roomId: data.roomId });
    if (this.pageCaptured) this.scheduleBatch();
    else if (data.kind === 'stories' && data.roomId) this.storeStoriesNow(json, data.roomId);
  }

  /**
   * The stories received so far, read into jsonMessages when they are needed (not on arrival, on
   * the page's time), a few hundred at a time with `tick` between: thousands read at once held
   * the page for about a tenth of a second.
   */
  private async readStories(tick: Tick): Promise<void> {
    for (const { body, roomId } of this.unparsedStories.splice(0)) {
      let root: unknown;
      try {
        root = JSON.parse(body);
      } catch {
        continue; // Unreadable JSON is still kept raw (pendingJson); the DOM remains the other source.
      }
      await tick();
      const stories = storiesIn(root);
      if (!stories) continue;
      for (let i = 0; i < stories.length; i += STORIES_PER_SLICE) {
        for (const m of messagesFromStoriesJson(stories.slice(i, i + STORIES_PER_SLICE), roomId)) this.jsonMessages.set(m.id, m);
        await tick();
      }
    }
  }

  /**
   * Before the page has rendered (and settled), the stories the page received go to the
   * background at once, as they came, in one message: it reads the messages and stores them with
   * the JSON as their raw capture, while the page is still busy rendering them (thousands take it
   * seconds), and a tab closed meanwhile loses nothing. Nothing else happens here on the page's
   * time; the page capture that follows adds what the rendered page shows. Should the background
   * not take them, they go with that page capture as before.
   */
  private storeStoriesNow(json: PageJson, roomId: string): void {
    const { kind, base } = describePage();
    if (!this.settingsKnown || !CAPTURED_KINDS.includes(kind) || !autoCaptureOn(this.auto, kind)) return;
    const request: RequestOf<'page.stories'> = { ...base, roomId, stories: { ...json, kind: 'stories' } };
    sendCommand('page.stories', request, { oneMessage: true }).then(
      () => {
        const at = this.pendingJson.indexOf(json);
        if (at >= 0) this.pendingJson.splice(at, 1);
      },
      (error: unknown) => console.warn('[Casefile]', error instanceof Error ? error.message : error),
    );
  }

  /** Waits until the single-page app stops changing the DOM (600 ms of quiet, at most 5 s). */
  private waitForQuiet(done: () => void): void {
    const started = Date.now();
    let timer: number | undefined;
    const finish = () => {
      observer.disconnect();
      done();
    };
    const observer = new MutationObserver(() => {
      if (Date.now() - started > SETTLE_MAX_MS) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = this.ctx.setTimeout(finish, SETTLE_MS);
    });
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
    timer = this.ctx.setTimeout(finish, SETTLE_MS);
  }

  /**
   * Whether an automatic page capture of a room that shows no message yet should wait for them:
   * yes for EMPTY_ROOM_WAIT_MS from the first such capture, after which a capture is queued
   * whatever happens. Meanwhile the pane's observer (watchPane) or the stories arriving
   * (takePageJson) start the capture as soon as the messages come. A capture made before would
   * record a room that is merely loading as a page whose markup was not recognised.
   */
  private waitForMessages(): boolean {
    const now = Date.now();
    if (this.emptyRoomUntil === 0) {
      this.emptyRoomUntil = now + EMPTY_ROOM_WAIT_MS;
      const key = this.roomKey;
      this.ctx.setTimeout(() => {
        if (this.roomKey === key && !this.pageCaptured) void this.enqueue('page');
      }, EMPTY_ROOM_WAIT_MS);
    }
    return now < this.emptyRoomUntil;
  }

  /** One MutationObserver, scoped to the conversation pane, re-attached if the app replaces it. */
  private watchPane(): void {
    const pane = findConversationPane(document);
    if (pane === this.observedPane) return;
    this.paneObserver?.disconnect();
    this.observedPane = pane;
    if (!pane) return;
    const itemSelector = ROOM.item.join(',');
    this.paneObserver = new MutationObserver((records) => {
      // The items touched are read again at the next batch; the others come from the memo.
      for (const record of records) {
        const node = record.target.nodeType === 1 ? (record.target as Element) : record.target.parentElement;
        const item = node?.closest(itemSelector);
        if (item) this.memo.markChanged(item);
      }
      this.scheduleBatch();
    });
    this.paneObserver.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true });
  }

  private scheduleBatch(): void {
    const now = Date.now();
    if (this.batchTimer === undefined) this.batchStarted = now;
    else clearTimeout(this.batchTimer);
    const wait = Math.max(0, Math.min(BATCH_MS, this.batchStarted + BATCH_MAX_MS - now));
    this.batchTimer = this.ctx.setTimeout(() => {
      this.batchTimer = undefined;
      void this.enqueue('fragment');
    }, wait);
  }

  /** Captures run one after another, so a batch never races the page capture before it. */
  enqueue(scope: 'page' | 'fragment', requested = false): Promise<unknown> {
    const next = this.queue.then(() => this.capture(scope, requested)).catch((error: unknown) => {
      // Never throw into the page; the popup shows the store's state and errors to the user.
      console.warn('[Casefile]', error instanceof Error ? error.message : error);
    });
    this.queue = next;
    return next;
  }

  private async capture(scope: 'page' | 'fragment', requested: boolean): Promise<void> {
    const { url, info, kind, base } = describePage();
    if (!CAPTURED_KINDS.includes(kind)) return;
    // Automatic capture can be switched off per page kind; asking for it (popup, whole conversation) still works.
    if (!requested && !this.whole && !autoCaptureOn(this.auto, kind)) return;
    if (scope === 'fragment' && !this.pageCaptured) scope = 'page';
    const tz = base.timeZone;
    const isRoom = kind === 'message-room' || (kind === 'workroom' && info.tab === 'messages') || findConversationPane(document) !== null;
    const pageJson = this.pendingJson.splice(0);
    // Work in slices of a few milliseconds, so a conversation of thousands never holds the page.
    const tick = timeSlicer();
    let batches: { structured?: Structured; extraction: Extraction; elements: Element[]; roomId?: string }[];

    if (isRoom) {
      // Watch the pane before reading it, so a change made while this capture runs is not missed.
      this.watchPane();
      const dom = await extractRoomSliced(document, url, tz, tick, { memo: this.memo });
      await this.readStories(tick);
      const roomId = dom.room?.id ?? info.roomId ?? [...this.jsonMessages.values()][0]?.roomId ?? null;
      const fromJson = [...this.jsonMessages.values()].filter((m) => m.roomId === roomId);
      if (scope === 'page' && !requested && !this.whole && dom.messages.length === 0 && fromJson.length === 0 && this.waitForMessages()) {
        this.pendingJson.unshift(...pageJson); // kept for the capture that follows
        return;
      }
      const merged = mergeSources(dom.messages, fromJson);
      const renderedIds = dom.messages.map((m) => m.id);
      let fresh = merged;
      if (scope === 'fragment') {
        fresh = [];
        for (const m of merged) {
          if (this.sent.get(m.id) !== signature(m)) fresh.push(m);
          await tick();
        }
      }
      if (scope === 'fragment' && fresh.length === 0 && pageJson.length === 0) return;
      let extraction: Extraction = dom.status;
      if (dom.status.status === 'failed' && fromJson.length > 0) {
        extraction = { status: 'partial', detail: `${dom.status.detail ?? 'the page markup was not recognised'}; messages were read from the page's own data` };
      }
      if (!roomId || !dom.room) {
        batches = [{ extraction: roomId ? extraction : { status: 'failed', detail: extraction.detail ?? 'no conversation found on this page' }, elements: [] }];
      } else {
        const room = { ...dom.room, id: roomId };
        batches = [];
        for (const messages of batchesOf(fresh)) {
          const elements = scope === 'page' && batches.length === 0 ? [] : messages.map((m) => document.getElementById(m.id)).filter((e): e is HTMLElement => e !== null);
          batches.push({ structured: { type: 'room', room, messages, renderedIds }, extraction, elements, roomId });
        }
      }
    } else {
      const result = extractWorkroom(document, url, tz);
      batches = [{ extraction: result.status, elements: [], ...(result.contract ? { structured: { type: 'contract', contract: result.contract } } : {}) }];
      scope = 'page';
    }

    for (const [index, batch] of batches.entries()) {
      const whole = scope === 'page' && index === 0;
      const snapshot = whole ? { html: await snapshotHtmlSliced(document, tick), text: await snapshotTextSliced(document, tick) } : await snapshotFragment(batch.elements, url, document.title, tick);
      const payload: RequestOf<'page.capture'> = {
        ...base,
        ...snapshot,
        ...(batch.roomId ? { roomId: batch.roomId } : info.roomId ? { roomId: info.roomId } : {}),
        scope: whole ? 'page' : 'fragment',
        extraction: batch.extraction,
        ...(batch.structured ? { structured: batch.structured } : {}),
        pageJson: index === 0 ? pageJson : [],
      };
      await sendCommand('page.capture', payload, { tick });
      if (batch.structured?.type === 'room') {
        // Thousands of signatures at once held the page for tens of milliseconds.
        for (const m of batch.structured.messages) {
          this.sent.set(m.id, signature(m));
          await tick();
        }
      }
    }
    if (scope === 'page') {
      this.pageCaptured = true;
      this.watchPane();
    }
  }

  /**
   * "Capture whole conversation": scrolls the conversation pane (never the page) up until no
   * older message loads, recording as it goes, then records coverage and takes viewport
   * screenshots of the whole pane from top to bottom (paced by the background).
   */
  async captureWhole(): Promise<void> {
    if (this.whole) return;
    const run = { cancelled: false };
    this.whole = run;
    const progress = (p: Omit<WholeCaptureProgress, 'updatedAt'>) =>
      sendCommand('capture.progress', { ...p, updatedAt: new Date().toISOString() }).catch(() => undefined);
    const count = () => document.querySelectorAll('.up-d-story-item[id]').length;
    try {
      const pane = findConversationPane(document);
      if (!pane) throw new Error('There is no conversation on this page to capture.');
      let quietRounds = 0;
      let last = count();
      while (!run.cancelled && quietRounds < 3) {
        pane.scrollTop = 0;
        pane.dispatchEvent(new Event('scroll'));
        const grew = await this.waitFor(() => count() > last, 2500);
        const now = count();
        quietRounds = grew ? 0 : quietRounds + 1;
        last = now;
        await progress({ state: 'loading-older', messages: now, oldestShown: oldestShown(), screenshots: 0, screenshotsPlanned: 0, startReached: false });
      }
      await this.enqueue('fragment', true);
      if (run.cancelled) {
        await progress({ state: 'cancelled', messages: count(), oldestShown: oldestShown(), screenshots: 0, screenshotsPlanned: 0, startReached: false });
        return;
      }
      const ids = Array.from(document.querySelectorAll('.up-d-story-item[id]'), (e) => e.id);
      const roomId = await this.currentRoomId();
      if (roomId) {
        await sendCommand('room.coverage', { roomId, firstMessageId: ids[0] ?? null, lastMessageId: ids[ids.length - 1] ?? null, count: ids.length, startReached: true });
      }
      // Viewport screenshots from top to bottom, overlapping a little so no line is cut away.
      const step = Math.max(100, Math.floor(pane.clientHeight * 0.9));
      const planned = Math.max(1, Math.ceil((pane.scrollHeight - pane.clientHeight) / step) + 1);
      let taken = 0;
      for (let top = 0; !run.cancelled; top += step) {
        pane.scrollTop = top;
        await sleep(150);
        await sendCommand('capture.screenshot', { url: location.href, roomId: roomId ?? undefined, index: taken + 1, total: planned, timeZone: timeZone() });
        taken += 1;
        await progress({ state: 'screenshots', messages: ids.length, oldestShown: oldestShown(), screenshots: taken, screenshotsPlanned: planned, startReached: true });
        if (pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 2 || taken >= 500) break;
      }
      await progress({
        state: run.cancelled ? 'cancelled' : 'done',
        messages: ids.length,
        oldestShown: oldestShown(),
        screenshots: taken,
        screenshotsPlanned: planned,
        startReached: true,
      });
    } catch (error) {
      await progress({
        state: 'failed',
        messages: count(),
        oldestShown: oldestShown(),
        screenshots: 0,
        screenshotsPlanned: 0,
        startReached: false,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.whole = null;
    }
  }

  cancelWhole(): void {
    if (this.whole) this.whole.cancelled = true;
  }

  private async currentRoomId(): Promise<string | null> {
    // The room id alone (address, rooms list, page data, links): no need to read every message.
    await this.readStories(timeSlicer());
    return roomIdOf(document, location.href) ?? [...this.jsonMessages.values()][0]?.roomId ?? null;
  }

  private async waitFor(test: () => boolean, timeoutMs: number): Promise<boolean> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (test()) return true;
      await sleep(100);
    }
    return test();
  }
}

function oldestShown(): string | null {
  const stamp = document.querySelector('.up-d-story-item span.story-timestamp[title]');
  return stamp?.getAttribute('title') ?? null;
}

/** Listens for the popup's commands to this tab (only Casefile itself can send them). */
export function listenForTabCommands(recorder: PageRecorder, isTabMessage: (v: unknown) => boolean): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || !isTabMessage(message)) return undefined;
    const { tabCommand } = message as { tabCommand: string };
    if (tabCommand === 'room.captureWhole') void recorder.captureWhole();
    else if (tabCommand === 'room.cancel') recorder.cancelWhole();
    else if (tabCommand === 'page.captureNow') void recorder.enqueue('page', true);
    return undefined;
  });
}
