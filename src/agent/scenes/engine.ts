import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import { waitAtMost } from '../../core/with-timeout.js';
import { ScError } from '../../core/errors/index.js';
import type { SceneConfig } from '../config.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Actor, RoomEvents, SceneResult } from '../events.js';
import { SceneRun } from './run.js';

export interface SceneEngineContext {
  scenes: Readonly<Record<string, SceneConfig>>;
  devices: DeviceRegistry;
  bus: EventBus<RoomEvents>;
  log: Logger;
  defaultStepTimeoutMs?: number;
  retryDelayMs?: number;
  waitPollMs?: number;
  /** How long steps in flight may finish when the agent stops, before they are interrupted. */
  stopGraceMs?: number;
}

interface Running {
  runId: string;
  by: Actor;
  startedAt: number;
  promise: Promise<SceneResult>;
}

/**
 * Runs the room's scenes. A scene asked for while it runs is joined (the caller gets the
 * same result) rather than started twice: two teachers pressing "start" do one start.
 */
export class SceneEngine {
  private readonly running = new Map<string, Running>();
  private readonly stopController = new AbortController();
  private stoppingFlag = false;
  private readonly last = new Map<string, SceneResult>();

  constructor(private readonly ctx: SceneEngineContext) {}

  list(): { id: string; label?: string; steps: number; running: boolean; last?: SceneResult }[] {
    return Object.entries(this.ctx.scenes).map(([id, scene]) => {
      const last = this.last.get(id);
      return {
        id,
        ...(scene.label === undefined ? {} : { label: scene.label }),
        steps: scene.steps.length,
        running: this.running.has(id),
        ...(last === undefined ? {} : { last }),
      };
    });
  }

  has(id: string): boolean {
    return Object.hasOwn(this.ctx.scenes, id);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Runs a scene, or joins the run in progress; `joined` tells which. */
  start(id: string, by: Actor): { runId: string; joined: boolean; result: Promise<SceneResult> } {
    const config = this.ctx.scenes[id];
    if (config === undefined || !this.has(id)) throw new ScError('SC_ERR_SCENE_UNKNOWN', { scene: id });
    const current = this.running.get(id);
    if (current !== undefined) {
      this.ctx.log.info({ scene: id, runId: current.runId, by }, 'scene already running; joining it');
      return { runId: current.runId, joined: true, result: current.promise };
    }
    if (this.stoppingFlag) throw new ScError('SC_ERR_AGENT_STOPPING');
    const runId = randomUUID();
    const run = new SceneRun({
      runId,
      scene: id,
      config,
      by,
      devices: this.ctx.devices,
      bus: this.ctx.bus,
      log: this.ctx.log.child({ scene: id, runId }),
      defaultStepTimeoutMs: this.ctx.defaultStepTimeoutMs ?? 30_000,
      retryDelayMs: this.ctx.retryDelayMs ?? 500,
      waitPollMs: this.ctx.waitPollMs ?? 250,
      signal: this.stopController.signal,
      stopping: () => this.stoppingFlag,
    });
    this.ctx.log.info({ scene: id, runId, by }, 'scene started');
    const promise = run.execute().then((result) => {
      this.running.delete(id);
      this.last.set(id, result);
      this.ctx.log.info({ scene: id, runId, status: result.status, durationMs: result.durationMs }, 'scene finished');
      this.ctx.bus.emit('scene-done', result);
      return result;
    });
    this.running.set(id, { runId, by, startedAt: Date.now(), promise });
    return { runId, joined: false, result: promise };
  }

  run(id: string, by: Actor): Promise<SceneResult> {
    return this.start(id, by).result;
  }

  /**
   * No new scene or step starts; steps in flight get `stopGraceMs` to finish, then are
   * interrupted. Resolves when every run has its result.
   */
  async stop(): Promise<void> {
    this.stoppingFlag = true;
    const runs = [...this.running.values()].map((r) => r.promise);
    if (runs.length === 0) return;
    await waitAtMost(Promise.all(runs), this.ctx.stopGraceMs ?? 5000);
    this.stopController.abort();
    await Promise.all(runs);
  }
}
