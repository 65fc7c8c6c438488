import { configValid } from './config.js';
import { runningAgent } from './agent.js';
import { devices } from './devices.js';
import { hidDevices } from './hid.js';
import { clockSync, diskSpace, nodeVersion, udevadm } from './system.js';
import type { Check, CheckOutcome, DoctorContext } from './types.js';
import { brokerCertificate, brokerReachable, credentialsAndFleet } from './uplink.js';

/** In order: what later checks need (the config) comes first. */
export const CHECKS: readonly Check[] = [nodeVersion, configValid, udevadm, diskSpace, clockSync, devices, hidDevices, runningAgent, brokerReachable, brokerCertificate, credentialsAndFleet];

export interface DoctorProgress {
  started(check: Check): void;
  finished(outcome: CheckOutcome): void;
}

export async function runDoctor(ctx: DoctorContext, progress?: DoctorProgress, checks: readonly Check[] = CHECKS): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    progress?.started(check);
    const started = ctx.now();
    let results: CheckOutcome[];
    try {
      const r = await check.run(ctx);
      results = Array.isArray(r) ? r : [{ id: check.id, title: check.title, ms: ctx.now() - started, ...r }];
    } catch (err) {
      // A check that breaks is itself a finding, never the end of the report.
      results = [{ id: check.id, title: check.title, ms: ctx.now() - started, status: 'fail', detail: `the check itself failed: ${err instanceof Error ? err.message : String(err)}`, fix: 'Run with --debug and report it.' }];
    }
    for (const outcome of results) {
      outcomes.push(outcome);
      progress?.finished(outcome);
    }
  }
  return outcomes;
}
