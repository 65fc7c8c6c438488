/**
 * The simulated camera's state: a PTZ head that moves at a finite speed (so GotoPreset returns
 * long before the camera stops, as on real cameras), presets, the camera clock, and the
 * PullPoint subscriptions with their event queues.
 */
export interface Vec {
  pan: number;
  tilt: number;
  zoom: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const limit = (v: Vec): Vec => ({ pan: clamp(v.pan, -1, 1), tilt: clamp(v.tilt, -1, 1), zoom: clamp(v.zoom, 0, 1) });

export interface SimPreset {
  token: string;
  name: string;
  position: Vec;
}

export interface SimEvent {
  topic: string;
  source: Record<string, string>;
  data: Record<string, string>;
  utcTime: string;
}

export interface Subscription {
  id: string;
  /** Camera-clock ms. */
  terminationMs: number;
  queue: SimEvent[];
  waiter: (() => void) | undefined;
}

export class PtzHead {
  private from: Vec = { pan: 0, tilt: 0, zoom: 0 };
  private to: Vec = { pan: 0, tilt: 0, zoom: 0 };
  private startedMs = 0;
  private durationMs = 0;
  private velocity: Vec | undefined;
  private velocityStartMs = 0;
  home: Vec = { pan: 0, tilt: 0, zoom: 0 };

  /** unitsPerSecond: how fast the head moves (pan and tilt span 2 units, zoom 1). */
  constructor(private readonly unitsPerSecond: number, private readonly now: () => number = Date.now) {}

  position(): Vec {
    const t = this.now();
    if (this.velocity !== undefined) {
      const s = (t - this.velocityStartMs) / 1000;
      const v = this.velocity;
      return limit({ pan: this.from.pan + v.pan * s * this.unitsPerSecond, tilt: this.from.tilt + v.tilt * s * this.unitsPerSecond, zoom: this.from.zoom + v.zoom * s * this.unitsPerSecond });
    }
    if (this.durationMs === 0 || t >= this.startedMs + this.durationMs) return { ...this.to };
    const f = (t - this.startedMs) / this.durationMs;
    return { pan: this.from.pan + (this.to.pan - this.from.pan) * f, tilt: this.from.tilt + (this.to.tilt - this.from.tilt) * f, zoom: this.from.zoom + (this.to.zoom - this.from.zoom) * f };
  }

  moving(): boolean {
    if (this.velocity !== undefined) return true;
    return this.now() < this.startedMs + this.durationMs;
  }

  moveTo(target: Vec): void {
    const from = this.position();
    const to = limit(target);
    const distance = Math.max(Math.abs(to.pan - from.pan), Math.abs(to.tilt - from.tilt), Math.abs(to.zoom - from.zoom));
    this.velocity = undefined;
    this.from = from;
    this.to = to;
    this.startedMs = this.now();
    this.durationMs = Math.round((distance / this.unitsPerSecond) * 1000);
  }

  moveBy(delta: Vec): void {
    const p = this.moving() ? this.to : this.position();
    this.moveTo({ pan: p.pan + delta.pan, tilt: p.tilt + delta.tilt, zoom: p.zoom + delta.zoom });
  }

  drive(velocity: Vec): void {
    this.from = this.position();
    this.velocity = { pan: clamp(velocity.pan, -1, 1), tilt: clamp(velocity.tilt, -1, 1), zoom: clamp(velocity.zoom, -1, 1) };
    this.velocityStartMs = this.now();
  }

  stop(): void {
    const here = this.position();
    this.velocity = undefined;
    this.from = here;
    this.to = here;
    this.durationMs = 0;
  }
}

export class PresetStore {
  private readonly presets = new Map<string, SimPreset>();
  private next = 1;

  constructor(initial: readonly { token: string; name: string }[]) {
    initial.forEach((p, i) => {
      // The capture has no positions: spread the presets over the pan range, deterministically.
      const f = initial.length > 1 ? i / (initial.length - 1) : 0.5;
      this.presets.set(p.token, { token: p.token, name: p.name, position: { pan: -0.9 + 1.8 * f, tilt: 0.1 * Math.sin(i), zoom: (i % 5) / 5 } });
    });
    this.next = initial.length + 1;
  }

  list(): SimPreset[] {
    return [...this.presets.values()];
  }

  get(token: string): SimPreset | undefined {
    return this.presets.get(token);
  }

  /** Saves at a position; a token updates that preset, no token creates one. */
  save(name: string, position: Vec, token?: string): SimPreset | undefined {
    if (token !== undefined && !this.presets.has(token)) return undefined;
    let t = token;
    while (t === undefined || (token === undefined && this.presets.has(t))) t = `P${String(this.next++).padStart(3, '0')}`;
    const preset = { token: t, name, position };
    this.presets.set(t, preset);
    return preset;
  }

  remove(token: string): boolean {
    return this.presets.delete(token);
  }
}
