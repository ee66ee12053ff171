import { PageRecorder, listenForTabCommands } from '@/utils/capture/recorder';
import { isTabMessage } from '@/utils/capture/tab-commands';

/**
 * Reads Upwork pages and sends what it saw to the background. It opens no database and keeps
 * nothing but what it already sent; every listener, observer and timer is bound to `ctx` so an
 * extension update leaves none behind.
 */
export default defineContentScript({
  matches: ['https://www.upwork.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const recorder = new PageRecorder(ctx);
    listenForTabCommands(recorder, isTabMessage);
    recorder.start();
  },
});
