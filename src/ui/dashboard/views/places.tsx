import { CountCards, LevelDot, Section } from '../components/bits.js';
import { useApp, useFleetVersion } from '../context.js';
import { byUrgency, emptyCounts } from '../model/aggregate.js';
import { href } from '../router.js';
import { RoomList } from './room-list.js';

/** A country: its sites worst first, then all its rooms. */
export function CountryPage({ country }: { country: string }) {
  const { i18n, state, countryName, siteName } = useApp();
  const version = useFleetVersion();
  const agg = state.aggregates;
  const counts = agg.countries.get(country) ?? emptyCounts();
  const sites = byUrgency(
    [...agg.sites.entries()].filter(([key]) => key.startsWith(`${country}/`)),
    ([, c]) => c.level,
    ([key]) => key,
  );
  const rooms = [...state.rooms.values()].filter((r) => r.country === country);
  return (
    <div>
      <Crumbs parts={[{ label: countryName(country) }]} />
      <CountCards counts={counts} testId="country-counts" />
      <Section title={i18n.t('country.sites')} testId="site-list">
        <table class="table">
          <tbody>
            {sites.map(([key, c]) => {
              const site = key.slice(country.length + 1);
              return (
                <tr key={key} data-site={key} data-level={c.level}>
                  <td>
                    <LevelDot level={c.level} />
                  </td>
                  <td>
                    <a href={href({ page: 'site', country, site })}>{siteName(country, site)}</a>
                  </td>
                  <td>{i18n.t('country.siteCounts', { online: c.online, rooms: c.rooms, live: c.live, alerts: c.alerts })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
      <Section title={i18n.t('rooms.title')}>
        <RoomList rooms={rooms} version={version} showSite={true} />
      </Section>
    </div>
  );
}

export function SitePage({ country, site }: { country: string; site: string }) {
  const { i18n, state, countryName, siteName } = useApp();
  const version = useFleetVersion();
  const counts = state.aggregates.sites.get(`${country}/${site}`) ?? emptyCounts();
  const rooms = [...state.rooms.values()].filter((r) => r.country === country && r.site === site);
  return (
    <div>
      <Crumbs parts={[{ label: countryName(country), href: href({ page: 'country', country }) }, { label: siteName(country, site) }]} />
      <CountCards counts={counts} testId="site-counts" />
      <Section title={i18n.t('rooms.title')}>
        <RoomList rooms={rooms} version={version} showSite={false} />
      </Section>
    </div>
  );
}

export function Crumbs({ parts }: { parts: { label: string; href?: string }[] }) {
  const { i18n } = useApp();
  return (
    <nav class="crumbs" aria-label={i18n.t('nav.breadcrumb')}>
      <a href={href({ page: 'overview' })}>{i18n.t('nav.overview')}</a>
      {parts.map((p, i) => (
        <span key={i}>
          {' › '}
          {p.href === undefined ? <b>{p.label}</b> : <a href={p.href}>{p.label}</a>}
        </span>
      ))}
    </nav>
  );
}
