import { sha256Text } from '../hashing';

/**
 * File names inside a package and of the package itself. Record ids and titles come from the
 * marketplace (or from whoever typed a contract title), so they may hold anything: path separators,
 * `..`, characters Windows refuses (`<>:"/\|?*`), names Windows reserves (`CON`, `LPT1`), trailing
 * dots and spaces, emoji, hundreds of characters. Every name written is plain ASCII from a small
 * alphabet, short, and unique even on case-insensitive file systems (macOS, Windows).
 */

/** Names Windows reserves whatever the extension (`CON.txt` is still the console). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Longest path segment written for an id; the whole entry path stays far below Windows' 260. */
export const MAX_SEGMENT = 64;

/**
 * One path segment for a record id. Ids that are already safe are kept as they are (Upwork's ids
 * are ASCII); anything changed or shortened gets a short hash of the original appended, so two
 * different ids never end up with the same name.
 */
export function safeSegment(raw: string, max = MAX_SEGMENT): string {
  let name = raw
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    // No leading dot (hidden files, `..`) or dash (read as an option by command-line tools), and
    // no trailing dot or space (Windows drops them silently).
    .replace(/^[._-]+/, '')
    .replace(/[.]+$/, '');
  const stem = name.split('.')[0] ?? '';
  if (WINDOWS_RESERVED.test(stem)) name = `id-${name}`;
  if (name.length === 0) name = 'item';
  if (name !== raw || name.length > max) {
    name = `${name.slice(0, max - 9).replace(/[.]+$/, '')}-${sha256Text(raw).slice(0, 8)}`;
  }
  return name;
}

/**
 * Hands out one segment per id, unique ignoring case. Ids must be offered in a fixed order (the
 * builder sorts them) so the same records always get the same names.
 */
export class SegmentAllocator {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  get(id: string): string {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    let name = safeSegment(id);
    if (this.taken.has(name.toLowerCase())) {
      // Two ids that differ only in case (or sanitise to the same name): the hash separates them.
      name = `${name.slice(0, MAX_SEGMENT - 9)}-${sha256Text(`${id}\u0000${this.taken.size}`).slice(0, 8)}`;
    }
    this.taken.add(name.toLowerCase());
    this.byId.set(id, name);
    return name;
  }
}

/**
 * A short ASCII slug of a title for the download name: accents folded (`Café` → `cafe`), anything
 * else becomes a dash. Empty when nothing usable is left (an emoji-only title).
 */
export function slug(title: string, max = 40): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** `2026-11-20T15:04:05.000Z` → `20261120T150405Z` (basic ISO 8601, UTC, no characters Windows refuses). */
export function utcStamp(iso: string): string {
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * The package's file name: `casefile-<contract or case>-<UTC timestamp>.zip`. The subject part is a
 * slug of the title, else of the id, else the word `package`; the name never starts with a reserved
 * word because of the `casefile-` prefix.
 */
export function packageFileName(subject: { title: string | null; id: string; kind: 'contract' | 'case' | 'conversation' }, exportedAt: string): string {
  const part = slug(subject.title ?? '') || slug(`${subject.kind}-${subject.id}`) || 'package';
  return `casefile-${part}-${utcStamp(exportedAt)}.zip`;
}

/**
 * Whether an entry path is one Casefile itself would write: relative, `/`-separated, ASCII from the
 * safe alphabet, no empty, `.` or `..` segment, no reserved or hidden name, not too long. The builder
 * asserts it for every entry; tests use it to check names from hostile titles.
 */
export function isPortablePath(path: string): boolean {
  if (path.length === 0 || path.length > 200) return false;
  return path.split('/').every((part) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(part) || part.length > 100) return false;
    if (part.endsWith('.')) return false;
    return !WINDOWS_RESERVED.test(part.split('.')[0] ?? '');
  });
}
