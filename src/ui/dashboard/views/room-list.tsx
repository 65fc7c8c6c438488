import { useMemo } from 'preact/hooks';
import type { RoomSummaryDto } from '../api/types.js';
import { LevelDot } from '../components/bits.js';
import { VirtualList } from '../components/virtual-list.js';
import { useApp } from '../context.js';
import { byUrgency } from '../model/aggregate.js';
import { roomLevel } from '../model/levels.js';
import { roomHref } from '../router.js';

const ROW = 40;

/** Rooms worst first, virtualised: the same cost for 30 rooms or 10 000. */
export function RoomList({ rooms, version, showSite }: { rooms: RoomSummaryDto[]; version: number; showSite: boolean }) {
  const { i18n, siteName } = useApp();
  // Sorted once per batched update, not per render of a row.
  const sorted = useMemo(() => byUrgency([...rooms], roomLevel, (r) => r.root), [rooms, version]);
  return (
    <div class="room-list">
      <div class="room-row head" aria-hidden="true">
        <span />
        <span>{i18n.t('rooms.room')}</span>
        {showSite ? <span>{i18n.t('rooms.site')}</span> : null}
        <span>{i18n.t('rooms.session')}</span>
        <span>{i18n.t('rooms.devices')}</span>
        <span>{i18n.t('rooms.alerts')}</span>
      </div>
      <VirtualList
        items={sorted}
        rowHeight={ROW}
        height={ROW * 14}
        label={i18n.t('rooms.list')}
        testId="room-list"
        itemKey={(r) => r.root}
        row={(r) => {
          const level = roomLevel(r);
          return (
            <a class={`room-row ${showSite ? 'with-site' : ''}`} href={roomHref(r.root)} data-room={r.root} data-level={level}>
              <LevelDot level={level} />
              <span class="name">{r.name ?? r.room}</span>
              {showSite ? <span class="muted">{siteName(r.country, r.site)}</span> : null}
              <span>
                {!r.online ? (
                  <span class="bad">{r.lastSeen === 0 ? i18n.t('room.never') : i18n.t('room.offlineSince', { ago: i18n.relative(r.offlineSince ?? r.lastSeen, Date.now()) })}</span>
                ) : (
                  <span>
                    {i18n.t(`session.${r.session ?? 'idle'}`)}
                    {r.recording ? <span class="rec" title={i18n.t('room.recording')}> ● {i18n.t('room.rec')}</span> : null}
                  </span>
                )}
              </span>
              <span>{r.devicesOffline + r.devicesDegraded > 0 ? <span class="warn">{i18n.t('rooms.devicesDown', { count: r.devicesOffline + r.devicesDegraded })}</span> : i18n.t('rooms.devicesOk', { count: r.devices })}</span>
              <span>{r.alerts > 0 ? <span class="bad">{i18n.number(r.alerts)}</span> : '–'}</span>
            </a>
          );
        }}
      />
    </div>
  );
}
