import { detectPage, CAPTURED_KINDS, isChallengeTitle } from '@/utils/page-kinds';
import { sendCommand } from '@/utils/messaging';
import { snapshotHtml, snapshotText } from '@/utils/raw-snapshot';
import type { PageKind } from '@/utils/db/records';

/**
 * Reads Upwork pages and sends what it saw to the background. It opens no database and keeps
 * nothing itself; every listener and timer is bound to `ctx` so an extension update leaves none.
 */
export default defineContentScript({
  matches: ['https://www.upwork.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    let timer: number | undefined;
    let lastCapturedUrl: string | null = null;

    const capture = async () => {
      const url = location.href;
      const info = detectPage(url);
      const kind: PageKind = isChallengeTitle(document.title) ? 'challenge' : info.kind;
      if (!CAPTURED_KINDS.includes(kind)) return;
      lastCapturedUrl = url;
      try {
        await sendCommand('page.capture', {
          url,
          pageKind: kind,
          title: document.title,
          html: snapshotHtml(document),
          text: snapshotText(document),
          capturedAt: new Date().toISOString(),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          userAgent: navigator.userAgent,
          extraction: { status: 'not-applicable' },
          ...(info.contractId ? { contractId: info.contractId } : {}),
          ...(info.roomId ? { roomId: info.roomId } : {}),
        });
      } catch (error) {
        // Never throw into the page; the popup shows the store's state to the user.
        console.warn('[Casefile]', error instanceof Error ? error.message : error);
      }
    };

    /** Waits for the single-page app to settle (no DOM change for 600 ms, at most 5 s). */
    const scheduleCapture = () => {
      if (timer !== undefined) clearTimeout(timer);
      const started = Date.now();
      const observer = new MutationObserver(() => {
        if (Date.now() - started > 5000) return;
        if (timer !== undefined) clearTimeout(timer);
        timer = ctx.setTimeout(done, 600);
      });
      const done = () => {
        observer.disconnect();
        void capture();
      };
      observer.observe(document.body, { childList: true, subtree: true });
      timer = ctx.setTimeout(done, 600);
      ctx.onInvalidated(() => observer.disconnect());
    };

    scheduleCapture();
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      if (newUrl.href !== lastCapturedUrl) scheduleCapture();
    });
  },
});
