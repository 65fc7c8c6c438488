import { useMemo } from 'preact/hooks';
import { useApp } from '../context.js';
import { drawWorld, loadCountries } from '../geo/world.js';
import { LEVEL_COLOURS } from '../model/levels.js';
import type { Counts } from '../model/aggregate.js';

const WIDTH = 960;
const HEIGHT = 520;

interface Props {
  countries: Map<string, Counts>;
  onPick(code: string): void;
}

/** The fleet's countries, each filled with the worst state of its rooms. */
export function WorldMap({ countries, onPick }: Props) {
  const { i18n, countryName } = useApp();
  const features = useMemo(() => loadCountries(), []);
  const codes = [...countries.keys()].sort();
  const key = codes.join(',');
  // Paths depend only on which countries are in the fleet, not on their state.
  const drawing = useMemo(() => drawWorld(features, codes, WIDTH, HEIGHT), [features, key]);
  return (
    <svg class="map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={i18n.t('overview.map')} data-testid="fleet-map">
      <rect width={WIDTH} height={HEIGHT} class="sea" />
      {drawing.shapes.map((s) => {
        const counts = s.code === undefined ? undefined : countries.get(s.code);
        if (counts === undefined || s.code === undefined) return <path key={s.id} d={s.d} class="land" />;
        const code = s.code;
        const name = countryName(code);
        return (
          <path
            key={s.id}
            d={s.d}
            class="fleet-country"
            fill={LEVEL_COLOURS[counts.level]}
            data-country={code}
            data-level={counts.level}
            tabIndex={0}
            role="link"
            aria-label={`${name}: ${i18n.t(`level.${counts.level}`)}`}
            onClick={() => onPick(code)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onPick(code);
            }}
          >
            <title>{`${name} — ${i18n.t('map.tooltip', { online: counts.online, rooms: counts.rooms, live: counts.live, alerts: counts.alerts })}`}</title>
          </path>
        );
      })}
    </svg>
  );
}
