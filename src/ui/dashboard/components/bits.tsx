import type { ComponentChildren } from 'preact';
import { useApp } from '../context.js';
import type { Counts } from '../model/aggregate.js';
import { LEVEL_COLOURS, type Level } from '../model/levels.js';

export function LevelDot({ level }: { level: Level }) {
  const { i18n } = useApp();
  return <span class={`dot dot-${level}`} style={{ background: LEVEL_COLOURS[level] }} title={i18n.t(`level.${level}`)} aria-label={i18n.t(`level.${level}`)} data-level={level} />;
}

/** The counts that matter now: rooms online, classes live, recordings running, open alerts. */
export function CountCards({ counts, testId }: { counts: Counts; testId?: string }) {
  const { i18n } = useApp();
  const card = (key: string, value: ComponentChildren, cls = '') => (
    <div class={`card ${cls}`} data-count={key}>
      <div class="card-value">{value}</div>
      <div class="card-label">{i18n.t(`counts.${key}`)}</div>
    </div>
  );
  return (
    <div class="cards" data-testid={testId}>
      {card('online', <span><b data-value="online">{i18n.number(counts.online)}</b> / <span data-value="rooms">{i18n.number(counts.rooms)}</span></span>, counts.online < counts.rooms ? 'warn' : '')}
      {card('live', <b data-value="live">{i18n.number(counts.live)}</b>)}
      {card('recording', <b data-value="recording">{i18n.number(counts.recording)}</b>)}
      {card('alerts', <b data-value="alerts">{i18n.number(counts.alerts)}</b>, counts.alerts > 0 ? 'bad' : '')}
    </div>
  );
}

export function Section({ title, children, testId }: { title: string; children: ComponentChildren; testId?: string }) {
  return (
    <section class="panel" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
