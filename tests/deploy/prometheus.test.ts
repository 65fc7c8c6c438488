import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

interface Rule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const read = (rel: string): string => readFileSync(join(REPO_ROOT, rel), 'utf8');

describe('example Prometheus files', () => {
  const alerts = parse(read('scripts/prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
  const exported = [read('src/agent/metrics.ts'), read('src/fleet/metrics.ts'), read('src/fleet/service.ts')].join('\n');

  it('alert only on metrics the agent and the fleet really export, with the labels they use', () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      for (const metric of rule.expr.match(/\bsc_[a-z_]+/g) ?? []) expect(exported, `${rule.alert} uses ${metric}`).toContain(metric);
      // Label filters on our metrics (not Prometheus's own `up{job=...}`) use labels we set.
      for (const m of rule.expr.matchAll(/\bsc_[a-z_]+\{(\w+)[!=~]/g)) expect(exported, `${rule.alert} filters on ${m[1] ?? ''}`).toMatch(new RegExp(`\\b${m[1] ?? ''}:`));
    }
  });

  it('scrape both services and load the rules', () => {
    const config = parse(read('scripts/prometheus/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; metrics_path: string }[] };
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(config.scrape_configs.map((s) => s.job_name)).toEqual(['smart-classroom-fleet', 'smart-classroom-agents']);
    expect(config.scrape_configs.every((s) => s.metrics_path === '/metrics')).toBe(true);
  });
});
