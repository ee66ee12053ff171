#!/usr/bin/env node
// `npm run demo`: Casefile's main job on the bundled sample pages, in a real (headless) Chromium.
// Builds the extension, serves the stand-in upwork.com (fictional sample data, HTTPS on
// localhost), then does what a freelancer would: opens the message room and records the whole
// conversation, opens the contract workroom, comes back after the client changed things, and
// prints what Casefile recorded. Screenshots and the summary go to demo-output/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareE2eRun } from './chromium.mjs';

const OUT = resolve('demo-output');
mkdirSync(OUT, { recursive: true });
const log = (line = '') => console.log(line);

prepareE2eRun({ announceBuild: 'Building the extension (e2e flavour, so the demo may take screenshots without a click)…' });

const { startStandIn } = await import('../tests/stand-in/server.mjs');
const { SAMPLE } = await import('../tests/stand-in/sample-data.mjs');
const { launchBrowser, e2eExtensionDir } = await import('../tests/e2e/harness.mjs');
const { runCasefile } = await import('../tests/e2e/casefile-driver.mjs');

const standIn = await startStandIn();
const browser = await launchBrowser({ extensionDir: e2eExtensionDir(), standIn, timeZone: 'America/New_York' });
const started = Date.now();
try {
  const cf = runCasefile(browser, standIn);
  const roomUrl = `https://www.upwork.com/ab/messages/rooms/${SAMPLE.ids.fixedRoomId}`;
  const workroomUrl = `https://www.upwork.com/nx/wm/workroom/${SAMPLE.ids.fixedContractId}/overview`;

  log(`\n1. Opening the message room with ${SAMPLE.client.name} (${roomUrl})`);
  const room = await cf.visit(roomUrl);
  let status = await cf.waitForCapture(room);
  log(`   Recorded automatically: ${status.room?.messages ?? 0} messages visible on first load.`);

  log('2. "Capture whole conversation" from the popup: scrolling the conversation up to its first message…');
  let lastState = '';
  const whole = await cf.captureWholeConversation(room, (p) => {
    if (p.state !== lastState) log(`   … ${p.state === 'loading-older' ? 'loading older messages' : p.state === 'screenshots' ? 'taking screenshots of the conversation pane (at most 2 per second)' : p.state}`);
    lastState = p.state;
  });
  status = await cf.status(room);
  log(`   Done: ${status.room?.messages} messages recorded, start reached: ${status.room?.coverage?.startReached ? 'yes' : 'no'}, ${whole.screenshots} screenshots.`);
  await cf.screenshotPopup(room, join(OUT, 'popup-room.png'));
  await room.screenshot({ path: join(OUT, 'stand-in-room.png') });

  log(`3. Opening the contract workroom (${workroomUrl})`);
  const workroom = await cf.visit(workroomUrl);
  status = await cf.waitForCapture(workroom);
  log(`   Contract “${status.contract?.title}” recorded (${status.contract?.snapshots} snapshot).`);

  log('4. Later: the client edited a message, deleted one and rewrote milestones. Visiting again…');
  await standIn.setState({ variant: 'v2' });
  await room.close();
  await workroom.close();
  const room2 = await cf.visit(roomUrl);
  await cf.waitForCapture(room2, { after: status.lastCapture?.capturedAt });
  await cf.scrollToTop(room2);
  const workroom2 = await cf.visit(workroomUrl);
  status = await cf.waitForCapture(workroom2, { after: status.lastCapture?.capturedAt });
  const roomStatus = await cf.status(room2);
  log(`   Messages edited: ${roomStatus.room?.edited}, deleted: ${roomStatus.room?.deleted}; contract changes detected: ${status.contract?.changes}.`);
  await cf.screenshotPopup(workroom2, join(OUT, 'popup-workroom.png'));

  const due = await cf.deadlines(workroom2);
  log(`   Deadlines from what was captured (${due.length}):`);
  for (const d of due) log(`   - ${d.title}: ${d.left} (${d.local}; ${d.utc})`);

  log('5. Exporting an evidence package from the popup…');
  const exported = await cf.exportPackage(workroom2, SAMPLE.ids.fixedContractId, OUT);
  log(`   ${exported.fileName} (${(exported.size / 1024).toFixed(0)} KB), digest ${exported.digest}`);

  const summary = await cf.summary();
  const changes = await cf.contractChanges(SAMPLE.ids.fixedContractId);
  log('\nWhat Casefile holds now:');
  for (const [table, n] of Object.entries(summary.counts)) log(`   ${table.padEnd(18)} ${n}`);
  log(`   audit log          ${summary.audit.ok ? 'intact' : 'BROKEN'} (${summary.audit.count} entries, hash chain checked)`);
  if (changes.length > 0) {
    log('\nContract changes (scope-creep evidence):');
    for (const c of changes) log(`   ${c.kind} ${c.field}${c.milestoneId ? ` (milestone ${c.milestoneId})` : ''}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  }
  const report = { seconds: (Date.now() - started) / 1000, summary, room: roomStatus.room, contract: status.contract, changes, deadlines: due, package: exported };
  writeFileSync(join(OUT, 'summary.json'), JSON.stringify(report, null, 2));
  log(`\nThe package, screenshots and summary.json are in demo-output/ (${report.seconds.toFixed(1)} s).`);
} finally {
  await browser.close();
  await standIn.close();
}
