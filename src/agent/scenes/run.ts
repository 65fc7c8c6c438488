import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import { ScError, toScError } from '../../core/errors/index.js';
import { withTimeout } from '../../core/with-timeout.js';
import type { Driver } from '../../drivers/driver.js';
import { isParallel, type SceneConfig, type StepConfig } from '../config.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Actor, RoomEvents, SceneResult, SceneStatus, StepResult } from '../events.js';
import { runAction } from './actions.js';

export interface SceneRunContext {
  runId: string;
  scene: string;
  config: SceneConfig;
  by: Actor;
  devices: DeviceRegistry;
  bus: EventBus<RoomEvents>;
  log: Logger;
  defaultStepTimeoutMs: number;
  retryDelayMs: number;
  waitPollMs: number;
  /** Aborted when the agent stops and the grace for in-flight steps is over. */
  signal: AbortSignal;
  /** True once the agent is stopping: no new step starts. */
  stopping(): boolean;
}

interface PlannedStep {
  result: StepResult;
  config: StepConfig;
}

type Phase = PlannedStep[];

/** One run of a scene: its steps in order, parallel groups together, with timeouts and retries. */
export class SceneRun {
  private readonly phases: Phase[];
  private readonly startedAt = Date.now();
  private done = 0;

  constructor(private readonly ctx: SceneRunContext) {
    this.phases = ctx.config.steps.map((s, i) =>
      isParallel(s) ? s.parallel.map((p, j) => plan(p, `${i}.${j}`)) : [plan(s, String(i))],
    );
  }

  get total(): number {
    return this.phases.reduce((n, p) => n + p.length, 0);
  }

  async execute(): Promise<SceneResult> {
    this.ctx.bus.emit('scene-started', { runId: this.ctx.runId, scene: this.ctx.scene, by: this.ctx.by, ts: this.startedAt });
    const blocked = new Blocked();
    for (const phase of this.phases) {
      if (this.ctx.stopping()) {
        for (const step of phase) this.finish(step, 'interrupted');
        continue;
      }
      // Decided before the group runs: steps of one parallel group never block one another.
      const runnable = phase.filter((step) => {
        const cause = blocked.cause(step.config);
        if (cause === undefined) return true;
        step.result.error = new ScError('SC_ERR_SCENE_STEP_SKIPPED', { step: step.result.name, cause }).toJSON();
        blocked.add(step.config, step.result.name);
        this.finish(step, 'skipped');
        return false;
      });
      // A parallel group finishes as a whole before the next step starts: no step is left half-run.
      await Promise.all(runnable.map((step) => this.runStep(step)));
      for (const step of runnable) {
        if (step.result.status === 'failed' && step.config.onFail !== 'continue') blocked.add(step.config, step.result.name);
      }
    }
    const steps = this.phases.flat().map((s) => s.result);
    const finishedAt = Date.now();
    return {
      runId: this.ctx.runId,
      scene: this.ctx.scene,
      by: this.ctx.by,
      status: sceneStatus(steps),
      startedAt: this.startedAt,
      finishedAt,
      durationMs: finishedAt - this.startedAt,
      steps,
    };
  }

  private async runStep(step: PlannedStep): Promise<void> {
    const { config, result } = step;
    const attempts = (config.retries ?? 0) + 1;
    const started = Date.now();
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.ctx.signal.aborted) break;
      result.attempts = attempt;
      this.progress(step, attempt === 1 ? 'running' : 'retrying');
      try {
        await this.attempt(config);
        result.durationMs = Date.now() - started;
        delete result.error;
        this.finish(step, 'ok');
        return;
      } catch (err) {
        const error = toScError(err);
        result.error = { code: error.code, message: error.message };
        this.ctx.log.warn({ scene: this.ctx.scene, step: result.name, attempt, code: error.code, err: error.message }, 'scene step failed');
        if (this.ctx.signal.aborted) break;
        if (attempt < attempts) await pause(this.ctx.retryDelayMs, this.ctx.signal);
      }
    }
    result.durationMs = Date.now() - started;
    if (this.ctx.signal.aborted) {
      result.error = new ScError('SC_ERR_SCENE_INTERRUPTED', { scene: this.ctx.scene, reason: 'the agent is stopping' }).toJSON();
      this.finish(step, 'interrupted');
    } else this.finish(step, 'failed');
  }

  /** One try of a step, bounded by its timeout (and by the agent stopping). */
  private async attempt(config: StepConfig): Promise<void> {
    const args = config.args ?? {};
    const device = config.device;
    const timeoutMs = config.timeoutMs ?? (config.action === 'wait' && typeof args.ms === 'number' ? args.ms + this.ctx.defaultStepTimeoutMs : this.ctx.defaultStepTimeoutMs);
    const controller = new AbortController();
    const onStop = (): void => controller.abort();
    this.ctx.signal.addEventListener('abort', onStop, { once: true });
    const began = Date.now();
    let driver: Driver | undefined;
    try {
      driver = device === undefined ? undefined : this.ctx.devices.driver(device);
      const stepName = config.name ?? defaultName(config);
      const stopped = new Promise<never>((_, reject) => {
        const interrupted = (): void => reject(new ScError('SC_ERR_SCENE_INTERRUPTED', { scene: this.ctx.scene, reason: 'the agent is stopping' }));
        if (this.ctx.signal.aborted) interrupted();
        else this.ctx.signal.addEventListener('abort', interrupted, { once: true });
        controller.signal.addEventListener('abort', () => this.ctx.signal.removeEventListener('abort', interrupted), { once: true });
      });
      // The device call itself cannot be cancelled; a late reply is ignored and the driver's queue stays in order.
      const action = runAction(driver, config.action, args, { device: device ?? '', signal: controller.signal, waitPollMs: this.ctx.waitPollMs });
      await withTimeout(Promise.race([action, stopped]), {
        ms: timeoutMs,
        awaited: `step ${stepName}`,
        error: () => new ScError('SC_ERR_SCENE_STEP_TIMEOUT', { step: stepName, ms: timeoutMs }),
        onTimeout: () => controller.abort(),
      });
      if (device !== undefined) this.commandDone(device, config.action, began);
    } catch (err) {
      if (device !== undefined) this.commandDone(device, config.action, began, err);
      throw err;
    } finally {
      controller.abort();
      this.ctx.signal.removeEventListener('abort', onStop);
    }
  }

  private commandDone(device: string, action: string, began: number, err?: unknown): void {
    const error = err === undefined ? undefined : toScError(err);
    this.ctx.bus.emit('command-done', {
      device,
      action,
      ok: error === undefined,
      latencyMs: Date.now() - began,
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
      ts: Date.now(),
    });
  }

  private finish(step: PlannedStep, status: StepResult['status']): void {
    step.result.status = status;
    this.done += 1;
    this.progress(step, status);
  }

  private progress(step: PlannedStep, status: StepResult['status']): void {
    step.result.status = status;
    this.ctx.bus.emit('scene-progress', {
      runId: this.ctx.runId,
      scene: this.ctx.scene,
      by: this.ctx.by,
      step: { ...step.result },
      done: this.done,
      total: this.total,
      ts: Date.now(),
    });
  }
}

/**
 * Which later steps a failed `abort` step stops: the steps on the same device, and the steps
 * that name it (or a step it stopped) in `after:`. Steps on other devices go on, so a screen
 * that does not turn on never keeps the recorder from starting.
 */
class Blocked {
  private readonly devices = new Map<string, string>();
  private readonly steps = new Map<string, string>();

  add(config: StepConfig, name: string): void {
    if (config.device !== undefined && !this.devices.has(config.device)) this.devices.set(config.device, name);
    if (config.id !== undefined) this.steps.set(config.id, name);
  }

  /** The name of the failed step this one depends on, if any. */
  cause(config: StepConfig): string | undefined {
    const byDevice = config.device === undefined ? undefined : this.devices.get(config.device);
    if (byDevice !== undefined) return byDevice;
    for (const id of config.after ?? []) {
      const name = this.steps.get(id);
      if (name !== undefined) return name;
    }
    return undefined;
  }
}

function defaultName(config: StepConfig): string {
  return config.device === undefined ? config.action : `${config.action} ${config.device}`;
}

function plan(config: StepConfig, index: string): PlannedStep {
  return {
    config,
    result: {
      index,
      name: config.name ?? defaultName(config),
      ...(config.device === undefined ? {} : { device: config.device }),
      action: config.action,
      onFail: config.onFail === 'continue' ? 'continue' : 'abort',
      status: 'pending',
      attempts: 0,
      durationMs: 0,
    },
  };
}

function sceneStatus(steps: readonly StepResult[]): SceneStatus {
  if (steps.some((s) => s.status === 'interrupted')) return 'interrupted';
  if (steps.some((s) => s.status === 'failed' && s.onFail === 'abort')) return 'failed';
  if (steps.some((s) => s.status === 'failed')) return 'degraded';
  return 'ok';
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
