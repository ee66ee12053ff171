// The stand-in's message room script: what Upwork's single-page app does in the browser, reduced to
// what Casefile depends on (REFERENCE §2):
// - loads the newest 40 stories with `fetch` from /api/v3/rooms/rooms/<roomId>/stories/simplified
//   and the rooms list with XMLHttpRequest from /api/v3/rooms/rooms/simplified (two transports, so
//   an observer of both can be tested);
// - renders timestamps in the browser's local time zone ("January 20, 2026 at 3:12 AM");
// - loads older stories only when #story-viewport is scrolled (near) to its top, prepending them
//   while keeping the reader's place;
// - switches rooms with history.pushState, without a page load;
// - optionally (control state virtualize=on) unmounts items far out of view, like a virtual list.
// With control state json=off the data comes embedded in the page and no request is made.
import { storyItemHtml, roomHeaderHtml, roomListItemHtml } from './markup.js';

const config = JSON.parse(document.getElementById('stand-in-config').textContent);
const viewport = document.getElementById('story-viewport');
const list = viewport.querySelector('.story-list');
const loader = document.querySelector('.story-list-loader');
const headerEl = document.querySelector('.room-header');
const emptyEl = document.querySelector('.room-empty');
const typingEl = document.querySelector('.room-typing');
const panelList = document.querySelector('.rooms-panel-room-list');

const NEAR_TOP_PX = 150;
const RUN_BREAK_MS = 60 * 60 * 1000;

// --- Dates in the browser's time zone ------------------------------------------------------------

const fullFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
const dayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric' });
const dayKeyFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit' });
const shortFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

const partsOf = (format, ms) => Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
/** "3:12 AM" (built from parts, so the separator is always a plain space). */
const timeText = (ms) => {
  const p = partsOf(fullFormat, ms);
  return `${p.hour}:${p.minute} ${p.dayPeriod.toUpperCase()}`;
};
/** "January 20, 2026 at 3:12 AM" */
const timeTitle = (ms) => {
  const p = partsOf(fullFormat, ms);
  return `${p.month} ${p.day}, ${p.year} at ${timeText(ms)}`;
};
/** "Tuesday, January 20" */
const dayHeader = (ms) => {
  const p = partsOf(dayFormat, ms);
  return `${p.weekday}, ${p.month} ${p.day}`;
};
const dayKey = (ms) => dayKeyFormat.format(ms);

/** How story i is shown: day header on the first of a local day, sender on the first of a run. */
function viewOf(items, i) {
  const s = items[i];
  const prev = items[i - 1];
  const newDay = !prev || dayKey(prev.created) !== dayKey(s.created);
  const top =
    s.isSystemStory !== 1 &&
    (newDay || !prev || prev.isSystemStory === 1 || prev.userId !== s.userId || s.created - prev.created > RUN_BREAK_MS);
  return {
    top,
    dayHeader: newDay ? dayHeader(s.created) : null,
    senderName: config.names[s.userId] ?? 'Upwork user',
    timeTitle: timeTitle(s.created),
    timeText: timeText(s.created),
  };
}

// --- Data -----------------------------------------------------------------------------------------

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const api = {
  /** Rooms list over XMLHttpRequest (text response parsed by the app, as axios does). */
  rooms() {
    if (config.embedded) return Promise.resolve({ rooms: config.embedded.rooms });
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', `/api/v3/rooms/rooms/simplified?callerOrgId=${encodeURIComponent(config.callerOrgId)}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onload = () => (xhr.status === 200 ? resolve(JSON.parse(xhr.responseText)) : reject(new Error(`rooms list: HTTP ${xhr.status}`)));
      xhr.onerror = () => reject(new Error('rooms list: network error'));
      xhr.send();
    });
  },
  /** One page of stories over fetch: the newest `pageSize` older than `before` (ms), oldest first. */
  async stories(roomId, before) {
    if (config.embedded) {
      await delay(60);
      const all = config.embedded.stories[roomId] ?? [];
      const older = before === undefined ? all : all.filter((s) => s.created < before);
      const page = older.slice(Math.max(0, older.length - config.pageSize));
      return { roomId, stories: page, hasMore: older.length > page.length, oldestCreated: page[0]?.created ?? null };
    }
    const url = `/api/v3/rooms/rooms/${encodeURIComponent(roomId)}/stories/simplified?limit=${config.pageSize}${before === undefined ? '' : `&before=${before}`}`;
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`stories: HTTP ${response.status}`);
    return response.json();
  },
};

const visible = (stories) => stories.filter((s) => s.deleted !== 1);

// --- The list of stories (plain, or virtualised) ---------------------------------------------------

const virtual = config.virtualize === true;
const ESTIMATED_HEIGHT = 80;

const storyList = {
  items: [],
  /** storyId → mounted element */
  els: new Map(),
  heights: new Map(),
  /** mounted range [first, last) of items */
  first: 0,
  last: 0,
  topSpacer: null,
  bottomSpacer: null,

  create(i) {
    const template = document.createElement('template');
    template.innerHTML = storyItemHtml(this.items[i], viewOf(this.items, i));
    return template.content.firstElementChild;
  },

  clear() {
    this.items = [];
    this.els.clear();
    this.heights.clear();
    this.first = 0;
    this.last = 0;
    list.replaceChildren();
    if (virtual) {
      this.topSpacer = Object.assign(document.createElement('div'), { className: 'virtual-spacer' });
      this.bottomSpacer = Object.assign(document.createElement('div'), { className: 'virtual-spacer' });
      list.append(this.topSpacer, this.bottomSpacer);
    }
  },

  measure() {
    for (const [id, el] of this.els) this.heights.set(id, el.offsetHeight);
  },

  height(i) {
    return this.heights.get(this.items[i].storyId) ?? ESTIMATED_HEIGHT;
  },

  setAll(items) {
    this.clear();
    this.items = items;
    const fragment = document.createDocumentFragment();
    items.forEach((s, i) => {
      const el = this.create(i);
      this.els.set(s.storyId, el);
      fragment.append(el);
    });
    if (virtual) this.topSpacer.after(fragment);
    else list.append(fragment);
    this.first = 0;
    this.last = items.length;
    this.measure();
  },

  /** The first mounted item visible in the viewport and its offset from the viewport's top. */
  anchor() {
    const top = viewport.getBoundingClientRect().top;
    for (let i = this.first; i < this.last; i++) {
      const id = this.items[i].storyId;
      const rect = this.els.get(id)?.getBoundingClientRect();
      if (rect && rect.bottom > top) return { id, offset: rect.top - top };
    }
    return null;
  },

  restore(anchor) {
    const el = anchor && this.els.get(anchor.id);
    if (!el) return;
    const offset = el.getBoundingClientRect().top - viewport.getBoundingClientRect().top;
    viewport.scrollTop += offset - anchor.offset;
  },

  /** Adds older stories above the loaded ones, keeping the reader's place. */
  prepend(older) {
    const k = older.length;
    if (k === 0) return;
    const anchor = this.anchor();
    const formerFirst = this.items[0]?.storyId;
    this.items = older.concat(this.items);
    if (virtual && this.first > 0) {
      // Far from the top: nothing to mount, the spacer grows instead.
      this.first += k;
      this.last += k;
      this.updateSpacers();
    } else {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < k; i++) {
        const el = this.create(i);
        this.els.set(this.items[i].storyId, el);
        fragment.append(el);
      }
      if (virtual) this.topSpacer.after(fragment);
      else list.prepend(fragment);
      this.last += k;
      // The former first item may lose its day header or become the continuation of a run.
      const oldEl = formerFirst && this.els.get(formerFirst);
      if (oldEl) {
        const fresh = this.create(k);
        oldEl.replaceWith(fresh);
        this.els.set(formerFirst, fresh);
      }
      this.measure();
    }
    this.restore(anchor);
    this.sync();
  },

  updateSpacers() {
    if (!virtual) return;
    let above = 0;
    for (let i = 0; i < this.first; i++) above += this.height(i);
    let below = 0;
    for (let i = this.last; i < this.items.length; i++) below += this.height(i);
    this.topSpacer.style.height = `${above}px`;
    this.bottomSpacer.style.height = `${below}px`;
  },

  /** Virtual mode: mount what is within 1.5 viewports of the visible area, unmount the rest. */
  sync() {
    if (!virtual || this.items.length === 0) return;
    this.measure();
    const n = this.items.length;
    const margin = viewport.clientHeight * 1.5;
    const from = viewport.scrollTop - margin;
    const to = viewport.scrollTop + viewport.clientHeight + margin;
    let y = 0;
    let a = 0;
    while (a < n - 1 && y + this.height(a) < from) y += this.height(a++);
    let b = a;
    while (b < n && y < to) y += this.height(b++);
    if (a === this.first && b === this.last) return;
    const anchor = this.anchor();
    for (let i = this.first; i < this.last; i++) {
      if (i >= a && i < b) continue;
      const id = this.items[i].storyId;
      this.els.get(id)?.remove();
      this.els.delete(id);
    }
    let cursor = this.topSpacer;
    for (let i = a; i < b; i++) {
      const id = this.items[i].storyId;
      let el = this.els.get(id);
      if (!el) {
        el = this.create(i);
        cursor.after(el);
        this.els.set(id, el);
      }
      cursor = el;
    }
    this.first = a;
    this.last = b;
    this.measure();
    this.updateSpacers();
    this.restore(anchor);
  },
};

// --- Rooms and navigation -------------------------------------------------------------------------

const roomsById = new Map();
const current = { roomId: null, generation: 0, hasMore: false, oldest: null, loading: false };

function renderRoomsPanel() {
  if (!panelList) return;
  panelList.innerHTML = [...roomsById.values()]
    .map((room) => roomListItemHtml(room, room.latestStory ? shortFormat.format(room.latestStory.created) : '', room.roomId === current.roomId))
    .join('');
}

/** Header data for a room from the rooms list (`roomUsers` gives the counterpart). */
function headerData(room) {
  const counterpart = room.roomUsers.find((u) => u.userId !== config.me) ?? room.roomUsers[0];
  return { roomName: room.roomName, topic: room.topic, contractId: room.contractId, counterpart };
}

async function openRoom(roomId, { push }) {
  current.generation += 1;
  const generation = current.generation;
  Object.assign(current, { roomId, hasMore: false, oldest: null, loading: false });
  loader.hidden = true;
  if (push) history.pushState({ roomId }, '', `/ab/messages/rooms/${roomId}`);
  const room = roomsById.get(roomId);
  if (room) {
    const data = headerData(room);
    headerEl.innerHTML = roomHeaderHtml(data);
    headerEl.classList.remove('empty');
    typingEl.querySelector('.typing-text').textContent = `${data.counterpart.name.split(' ')[0]} is typing…`;
  }
  typingEl.hidden = false;
  emptyEl.hidden = true;
  renderRoomsPanel();
  storyList.clear();
  const page = await api.stories(roomId);
  if (generation !== current.generation) return;
  current.hasMore = page.hasMore;
  current.oldest = page.oldestCreated;
  storyList.setAll(visible(page.stories));
  viewport.scrollTop = viewport.scrollHeight;
  storyList.sync();
  maybeLoadOlder();
}

function closeRoom() {
  current.generation += 1;
  Object.assign(current, { roomId: null, hasMore: false, oldest: null, loading: false });
  storyList.clear();
  headerEl.replaceChildren();
  headerEl.classList.add('empty');
  typingEl.hidden = true;
  emptyEl.hidden = false;
  renderRoomsPanel();
}

async function loadOlder() {
  if (current.loading || !current.hasMore || current.roomId === null) return;
  const generation = current.generation;
  current.loading = true;
  loader.hidden = false;
  try {
    const page = await api.stories(current.roomId, current.oldest);
    if (generation !== current.generation) return;
    current.hasMore = page.hasMore;
    current.oldest = page.oldestCreated ?? current.oldest;
    storyList.prepend(visible(page.stories));
  } finally {
    if (generation === current.generation) {
      current.loading = false;
      loader.hidden = true;
    }
  }
  maybeLoadOlder();
}

function maybeLoadOlder() {
  if (viewport.scrollTop < NEAR_TOP_PX) void loadOlder();
}

/** A link to one message (`/story_<hex>` after the room, REFERENCE §1): load until it is there. */
async function revealStory(storyId) {
  for (let i = 0; i < 100 && !storyList.items.some((s) => s.storyId === storyId) && current.hasMore; i++) {
    if (current.loading) await delay(50);
    else await loadOlder();
  }
  const el = document.getElementById(storyId);
  if (el) {
    el.scrollIntoView({ block: 'center' });
    el.classList.add('highlighted');
  }
}

viewport.addEventListener(
  'scroll',
  () => {
    storyList.sync();
    maybeLoadOlder();
  },
  { passive: true },
);

panelList?.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.rooms-panel-room-link') : null;
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const roomId = link.getAttribute('data-room-id');
  if (roomId !== current.roomId) void openRoom(roomId, { push: true });
});

window.addEventListener('popstate', () => {
  const m = /^\/ab\/messages\/rooms\/(room_[0-9a-f]{32})/.exec(location.pathname);
  if (m) void openRoom(m[1], { push: false });
  else if (config.page !== 'workroom-messages') closeRoom();
});

document.querySelector('.room-composer')?.addEventListener('submit', (event) => event.preventDefault());

async function start() {
  if (config.loadRoomsList) {
    const { rooms } = await api.rooms();
    for (const room of rooms) roomsById.set(room.roomId, room);
    renderRoomsPanel();
  }
  if (config.roomId) {
    await openRoom(config.roomId, { push: false });
    if (config.storyId) await revealStory(config.storyId);
  }
}

void start();
