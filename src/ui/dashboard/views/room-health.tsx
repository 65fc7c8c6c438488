import { useMemo } from 'preact/hooks';
import type { HealthPointDto } from '../api/types.js';
import { Section } from '../components/bits.js';
import { TimeChart } from '../components/time-chart.js';
import { useApp } from '../context.js';

/** Memory, outbox depth and link latency of the room's agent over time. */
export function HealthCharts({ points }: { points: HealthPointDto[] }) {
  const { i18n } = useApp();
  const data = useMemo(() => {
    const xs = points.map((p) => p.ts / 1000);
    return {
      xs,
      memory: [{ label: i18n.t('health.memory'), colour: '#3b6fd6', values: points.map((p) => p.rssBytes / 1e6), format: (v: number) => `${i18n.number(Math.round(v))} MB` }],
      outbox: [{ label: i18n.t('health.outbox'), colour: '#e8a33d', values: points.map((p) => p.outboxDepth) }],
      rtt: [{ label: i18n.t('health.latency'), colour: '#2e9e5b', values: points.map((p) => p.rttMs), format: (v: number) => `${i18n.number(Math.round(v))} ms` }],
    };
  }, [points, i18n]);
  return (
    <Section title={i18n.t('room.health')} testId="room-health">
      {points.length === 0 ? <p class="muted">{i18n.t('health.none')}</p> : null}
      <div class="charts">
        <TimeChart title={i18n.t('health.memory')} xs={data.xs} series={data.memory} height={140} testId="chart-memory" />
        <TimeChart title={i18n.t('health.outbox')} xs={data.xs} series={data.outbox} height={140} testId="chart-outbox" />
        <TimeChart title={i18n.t('health.latency')} xs={data.xs} series={data.rtt} height={140} testId="chart-latency" />
      </div>
    </Section>
  );
}
