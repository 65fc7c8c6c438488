import { useEffect, useState } from 'preact/hooks';
import { endpoints } from '../api/endpoints.js';
import type { CommandDto, EventDto, HealthPointDto, RoomDetailDto } from '../api/types.js';
import { LevelDot, Section } from '../components/bits.js';
import { useApp, useFleetVersion } from '../context.js';
import { roomLevel } from '../model/levels.js';
import { nextClasses } from '../model/timetable.js';
import { href } from '../router.js';
import { Crumbs } from './places.js';
import { RoomActions } from './room-actions.js';
import { HealthCharts } from './room-health.js';

/** One room: status and link, devices, session and classes, events, health, remote actions. */
export function RoomPage({ country, site, room }: { country: string; site: string; room: string }) {
  const { i18n, api, state, countryName, siteName } = useApp();
  useFleetVersion();
  const root = `sc/v1/${country}/${site}/${room}`;
  const summary = state.rooms.get(root);
  const [detail, setDetail] = useState<RoomDetailDto | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  // The live stream carries this room's events, health and command results while it is open.
  useEffect(() => {
    let cancelled = false;
    state.setFocus({ root, events: [], health: [], commands: [] });
    void Promise.all([
      api.get<EventDto[]>(endpoints.roomEvents(root)),
      api.get<HealthPointDto[]>(endpoints.roomHealth(root)),
      api.get<CommandDto[]>(endpoints.roomCommands(root)),
    ])
      .then(([events, health, commands]) => {
        const focus = state.focus;
        if (cancelled || focus?.root !== root) return;
        // Keep what the stream brought while loading, drop what the load already has.
        const seen = new Set(events.map((e) => e.id));
        const lastTs = health.at(-1)?.ts ?? 0;
        state.setFocus({
          root,
          events: [...focus.events.filter((e) => !seen.has(e.id)), ...events],
          health: [...health, ...focus.health.filter((p) => p.ts > lastTs)],
          commands: [...focus.commands.filter((c) => !commands.some((x) => x.id === c.id)), ...commands],
        });
      })
      .catch((e: unknown) => !cancelled && setError(String(e)));
    return () => {
      cancelled = true;
      state.setFocus(undefined);
    };
  }, [root, api, state]);

  // The detail is fetched again whenever the live summary of this room changes.
  useEffect(() => {
    let cancelled = false;
    api
      .get<RoomDetailDto>(endpoints.room(root))
      .then((d) => !cancelled && (setDetail(d), setError(undefined)))
      .catch((e: unknown) => !cancelled && setError(String(e)));
    return () => {
      cancelled = true;
    };
  }, [root, api, summary]);

  const crumbs = [
    { label: countryName(country), href: href({ page: 'country', country }) },
    { label: siteName(country, site), href: href({ page: 'site', country, site }) },
    { label: summary?.name ?? room },
  ];
  if (summary === undefined) {
    return (
      <div>
        <Crumbs parts={crumbs} />
        <p class="muted">{i18n.t('room.notVisible')}</p>
      </div>
    );
  }
  const level = roomLevel(summary);
  const focus = state.focus?.root === root ? state.focus : undefined;
  return (
    <div class="room-page" data-testid="room-page" data-root={root} data-level={level}>
      <Crumbs parts={crumbs} />
      <header class="room-head">
        <h1>
          <LevelDot level={level} /> {summary.name ?? room}
        </h1>
        <span class={summary.online ? 'ok' : 'bad'} data-testid="room-online">
          {summary.online ? i18n.t('room.online') : i18n.t('room.offline')}
        </span>
        <span data-testid="room-session" data-session={summary.session ?? 'idle'}>
          {i18n.t(`session.${summary.session ?? 'idle'}`)}
          {summary.course !== undefined && summary.session !== 'idle' ? ` · ${summary.course}` : ''}
        </span>
        {summary.rttMs !== undefined ? <span class="muted">{i18n.t('room.rtt', { ms: Math.round(summary.rttMs) })}</span> : null}
        {summary.lastSeen > 0 ? <span class="muted">{i18n.t('room.lastSeen', { ago: i18n.relative(summary.lastSeen, Date.now()) })}</span> : null}
      </header>
      {error !== undefined ? <p class="bad">{error}</p> : null}
      <div class="room-grid">
        <RoomActions root={root} summary={summary} detail={detail} commands={focus?.commands ?? []} />
        {detail === undefined ? null : <Devices detail={detail} />}
        {detail === undefined ? null : <SessionBox detail={detail} />}
        <HealthCharts points={focus?.health ?? []} />
        <Events events={focus?.events ?? []} />
      </div>
    </div>
  );
}

function Devices({ detail }: { detail: RoomDetailDto }) {
  const { i18n } = useApp();
  return (
    <Section title={i18n.t('room.devices')} testId="room-devices">
      <table class="table">
        <tbody>
          {detail.devices.map((d) => (
            <tr key={d.id} data-device={d.id} data-status={d.status}>
              <td>
                <LevelDot level={d.status === 'online' ? 'ok' : d.status === 'offline' ? 'offline' : 'degraded'} />
              </td>
              <td>
                <b>{d.name ?? d.id}</b>
                <div class="muted small">
                  {[
                    d.driver,
                    d.model,
                    d.firmware,
                    d.health?.operatingHours === undefined ? undefined : i18n.t('device.hours', { hours: Math.round(d.health.operatingHours) }),
                    d.health?.temperatureC === undefined ? undefined : i18n.t('device.temperature', { celsius: d.health.temperatureC }),
                  ]
                    .filter((x) => x !== undefined)
                    .join(' · ')}
                </div>
              </td>
              <td>{i18n.t(`device.${d.status}`)}</td>
              <td class="muted">
                {d.latencyMs !== undefined ? i18n.t('room.rtt', { ms: Math.round(d.latencyMs) }) : ''}
                {d.recorder !== undefined ? ` · ${d.recorder.activity}` : ''}
                {d.power !== undefined ? ` · ${i18n.t('device.power')}: ${d.power}` : ''}
              </td>
              <td class="small">{d.lastError !== undefined ? <span class="bad">{d.lastError.code}</span> : (d.reason ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function SessionBox({ detail }: { detail: RoomDetailDto }) {
  const { i18n } = useApp();
  const s = detail.session;
  return (
    <Section title={i18n.t('room.session')} testId="room-timetable">
      {s === undefined ? (
        <p class="muted">{i18n.t('room.noSession')}</p>
      ) : (
        <p>
          <b>{i18n.t(`session.${s.state}`)}</b> {i18n.t('room.since', { time: i18n.time(s.since) })}
          {s.course !== undefined ? ` · ${s.course}` : ''}
          {s.teacher !== undefined ? ` · ${s.teacher}` : ''}
          <span class="muted"> · {i18n.t(`actor.${s.by.kind}`)}</span>
        </p>
      )}
      {s?.problems?.map((p, i) => (
        <p key={i} class="warn small">
          {p.step}: {p.message}
        </p>
      ))}
      {detail.timetable === undefined ? null : <NextClasses detail={detail} />}
      <h3>{i18n.t('room.classes')}</h3>
      <ul class="plain">
        {detail.classes.slice(0, 8).map((c) => (
          <li key={c.start}>
            {i18n.dateTime(c.start)} – {c.end === undefined ? i18n.t('room.running') : i18n.time(c.end)}
            {c.by !== undefined ? <span class="muted"> · {c.by}</span> : null}
          </li>
        ))}
        {detail.classes.length === 0 ? <li class="muted">{i18n.t('room.noClasses')}</li> : null}
      </ul>
    </Section>
  );
}

/** The room's next timetable slots, as its agent last reported them, in the room's time zone. */
function NextClasses({ detail }: { detail: RoomDetailDto }) {
  const { i18n } = useApp();
  const next = nextClasses(detail.timetable ?? [], Date.now(), i18n, detail.timezone);
  return (
    <>
      <h3>{i18n.t('room.nextClasses')}</h3>
      <ul class="plain" data-testid="room-next-classes">
        {next.map((c) => (
          <li key={c.start} data-start={c.start} data-running={c.running}>
            {c.when} – {c.until}
            {c.course !== undefined ? ` · ${c.course}` : ''}
            {c.teacher !== undefined ? <span class="muted"> · {c.teacher}</span> : null}
            {c.running ? <span class="muted"> · {i18n.t('room.running')}</span> : null}
          </li>
        ))}
        {next.length === 0 ? <li class="muted">{i18n.t('room.noNextClasses')}</li> : null}
      </ul>
    </>
  );
}

function Events({ events }: { events: EventDto[] }) {
  const { i18n } = useApp();
  return (
    <Section title={i18n.t('room.events')} testId="room-events">
      <ul class="plain events">
        {events.slice(0, 40).map((e) => (
          <li key={e.id} data-type={e.type}>
            <span class="muted">{i18n.dateTime(e.ts, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</span> <b>{e.type}</b>
            {e.device !== undefined ? ` · ${e.device}` : ''}
            {e.historical ? <span class="muted"> · {i18n.t('room.historical')}</span> : null}
          </li>
        ))}
        {events.length === 0 ? <li class="muted">{i18n.t('room.noEvents')}</li> : null}
      </ul>
    </Section>
  );
}
