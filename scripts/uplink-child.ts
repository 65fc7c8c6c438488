import { createLogger } from '../src/core/logger.js';
import { MemoryRoom, classroomDevices } from '../src/uplink/memory-room.js';
import { UPLINK_DEFAULTS } from '../src/uplink/settings.js';
import { Uplink } from '../src/uplink/uplink.js';

/**
 * The uplink alone in a process, for experiments that kill it (tests/uplink/outage.test.ts):
 * `node dist/scripts/uplink-child.js URL DATA_DIR START COUNT INTERVAL_MS` emits events
 * START..START+COUNT-1 and prints `stored N` once event N is on disk, then `done` when the
 * outbox is empty. It runs until killed.
 */
const [url = '', dataDir = '', startArg = '0', countArg = '100', intervalArg = '5'] = process.argv.slice(2);
const log = createLogger({ level: 'warn', toStderr: true, pretty: false });
const room = new MemoryRoom(classroomDevices());
const uplink = new Uplink({
  room: { country: 'ke', site: 'uon-chiromo', room: 'lh-1' },
  settings: { ...UPLINK_DEFAULTS, url, keepaliveSeconds: 5, reconnectMinSeconds: 0.1, reconnectMaxSeconds: 1, healthIntervalSeconds: 3600 },
  dataDir,
  source: room,
  executor: room,
  remoteAllow: [],
  version: 'child',
  log,
});

async function main(): Promise<void> {
  await uplink.start();
  const start = Number(startArg);
  const count = Number(countArg);
  for (let i = start; i < start + count; i++) {
    await uplink.recordEvent({ type: 'test.tick', data: { i } });
    process.stdout.write(`stored ${i}\n`);
    await new Promise((r) => setTimeout(r, Number(intervalArg)));
  }
  while (uplink.stats().outboxDepth > 0) await new Promise((r) => setTimeout(r, 20));
  process.stdout.write('done\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
