import { sendCommand } from '../messaging';

/**
 * Asks the background to recompute deadlines and reschedule its alarms after a Casefile page
 * wrote to the store (an event added, a deadline marked done)..
 */
export async function refreshDeadlines(): Promise<void> {
  await sendCommand('deadlines.refresh', {});
}
