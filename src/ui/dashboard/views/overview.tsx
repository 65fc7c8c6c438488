import { LevelDot, CountCards, Section } from '../components/bits.js';
import { useApp, useFleetVersion } from '../context.js';
import { byUrgency, type Counts } from '../model/aggregate.js';
import { href } from '../router.js';
import { WorldMap } from './world-map.js';

/** Fleet at a glance: the map, the counts, the countries worst first. */
export function Overview() {
  const { i18n, state, countryName } = useApp();
  useFleetVersion();
  const { total, countries } = state.aggregates;
  const list = byUrgency([...countries.entries()], ([, c]) => c.level, ([code]) => countryName(code));
  const open = (code: string) => (location.hash = href({ page: 'country', country: code }));
  return (
    <div class="overview">
      <CountCards counts={total} testId="fleet-counts" />
      <div class="overview-grid">
        <div class="map-box">
          <WorldMap countries={countries} onPick={open} />
          <Legend />
        </div>
        <Section title={i18n.t('overview.countries')} testId="country-list">
          <table class="table">
            <thead>
              <tr>
                <th />
                <th>{i18n.t('overview.country')}</th>
                <th>{i18n.t('counts.online')}</th>
                <th>{i18n.t('counts.live')}</th>
                <th>{i18n.t('counts.alerts')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map(([code, c]) => (
                <CountryRow key={code} code={code} counts={c} name={countryName(code)} />
              ))}
            </tbody>
          </table>
        </Section>
      </div>
    </div>
  );
}

function CountryRow({ code, counts, name }: { code: string; counts: Counts; name: string }) {
  const { i18n } = useApp();
  return (
    <tr data-country={code} data-level={counts.level}>
      <td>
        <LevelDot level={counts.level} />
      </td>
      <td>
        <a href={href({ page: 'country', country: code })}>{name}</a>
      </td>
      <td>
        {i18n.number(counts.online)} / {i18n.number(counts.rooms)}
      </td>
      <td>{i18n.number(counts.live)}</td>
      <td class={counts.alerts > 0 ? 'bad' : ''}>{i18n.number(counts.alerts)}</td>
    </tr>
  );
}

function Legend() {
  const { i18n } = useApp();
  return (
    <div class="legend">
      {(['ok', 'degraded', 'offline', 'unknown'] as const).map((l) => (
        <span key={l}>
          <LevelDot level={l} /> {i18n.t(`level.${l}`)}
        </span>
      ))}
    </div>
  );
}
