import { createHmac } from 'node:crypto';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { redactText } from '../../core/secrets.js';
import type { FleetMetrics } from '../metrics.js';
import type { AlertRecord } from '../store/types.js';

export interface WebhookTarget {
  url: string;
  secret?: string;
}

/**
 * POSTs alert changes as JSON. With a secret, `x-sc-signature: sha256=HEX` is the HMAC of the
 * body, so the receiver can tell the fleet from anyone else. Failures are logged and counted,
 * never retried in a loop: the dashboard remains the record.
 */
export class AlertWebhook {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly target: WebhookTarget,
    private readonly ctx: { log: Logger; metrics: FleetMetrics; fleetName: string; publicUrl?: string; timeoutMs?: number },
  ) {}

  send(alert: AlertRecord, change: string): void {
    const p = this.post(alert, change).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async post(alert: AlertRecord, change: string): Promise<void> {
    const body = JSON.stringify({
      fleet: this.ctx.fleetName,
      change,
      alert,
      ...(this.ctx.publicUrl === undefined ? {} : { link: `${this.ctx.publicUrl.replace(/\/$/, '')}/alerts/${alert.id}` }),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'smart-classroom-fleet' };
    if (this.target.secret !== undefined) headers['x-sc-signature'] = `sha256=${createHmac('sha256', this.target.secret).update(body).digest('hex')}`;
    try {
      // Not the transports' HttpClient: that one talks to devices (its errors name a device and
      // its kinds drive device state); this is the fleet telling a service its admin chose. Same
      // rule on redirects though: the alert goes where the config says or nowhere.
      const res = await fetch(this.target.url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(this.ctx.timeoutMs ?? 5000) });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      this.ctx.metrics.inc('sc_fleet_webhook_failures_total');
      const e = new ScError('SC_ERR_FLEET_WEBHOOK', { url: redactText(this.target.url), reason: messageOf(err) });
      this.ctx.log.warn({ code: e.code, alert: alert.id }, e.message);
    }
  }
}
