import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { messageOf } from '../core/errors/index.js';
import { DemoRoom, type DemoRoomReady } from './demo-room.js';
import type { FromWorker, WorkerJob } from './protocol.js';
import { PacedClock } from './sim-clock.js';
import { seededRandom } from '../core/random.js';


/**
 * Many rooms in one process: each a real agent with its own simulated devices. It also serves
 * what the simulators hold (`GET /rooms/<index>`), so a test can check the devices themselves.
 */
export class DemoWorker {
  private readonly rooms = new Map<number, DemoRoom>();
  private timer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly ctx: { job: WorkerJob; log: Logger; send: (m: FromWorker) => void }) {}

  async start(): Promise<void> {
    const { job, log } = this.ctx;
    const clock = new PacedClock(job.epoch, job.pace);
    const queue = [...job.rooms];
    const ready: DemoRoomReady[] = [];
    const failed: { root: string; error: string }[] = [];
    const runOne = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (this.stopping !== undefined) return;
        const room = new DemoRoom({ ...next, clock, teachers: job.teachers, faults: job.faults, pollScale: job.pollScale, version: job.version, log, random: seededRandom(next.plan.index + 1) });
        this.rooms.set(next.plan.index, room);
        try {
          ready.push(await room.start());
        } catch (err) {
          // One broken room does not stop the demo: it is reported and left out.
          failed.push({ root: room.root, error: messageOf(err) });
          log.error({ room: room.root, err: messageOf(err) }, 'a demo room did not start');
          this.rooms.delete(next.plan.index);
          await room.stop().catch(() => undefined);
        }
        if ((ready.length + failed.length) % 10 === 0) this.ctx.send({ type: 'progress', started: ready.length + failed.length });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, job.concurrency) }, () => runOne()));
    this.timer = setInterval(() => {
      for (const room of this.rooms.values()) room.tick();
    }, 1000);
    const probeUrl = await this.serveProbes();
    ready.sort((a, b) => a.index - b.index);
    this.ctx.send({ type: 'ready', rooms: ready, failed, probeUrl, rssBytes: process.memoryUsage().rss });
  }

  private async serveProbes(): Promise<string> {
    const server = createServer((req, res) => {
      const m = /^\/rooms\/(\d+)$/.exec(req.url ?? '');
      const room = m === null ? undefined : this.rooms.get(Number(m[1]));
      const body = req.url === '/rooms' ? [...this.rooms.values()].map((r) => r.probe()) : room?.probe();
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'no such room in this worker' }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    await Promise.all([...this.rooms.values()].map((r) => r.stop().catch((err: unknown) => this.ctx.log.warn({ room: r.root, err: messageOf(err) }, 'a room did not stop cleanly'))));
    this.rooms.clear();
  }
}
