import { useEffect, useMemo, useState } from 'preact/hooks';
import { createI18n, LOCALES, type I18n } from '@ui/i18n.ts';
import { ApiClient } from './api/client.js';
import { endpoints } from './api/endpoints.js';
import { LiveConnection } from './api/live.js';
import type { AlertDto, MeDto, RoomSummaryDto, SiteDto } from './api/types.js';
import { Ctx, useApp, useFleetVersion, useRoute, type AppContext } from './context.js';
import { ENGLISH, messagesFor } from './messages/index.js';
import { href } from './router.js';
import { FleetState } from './state/fleet-state.js';
import { AlertsPage } from './views/alerts.js';
import { AnalyticsPage } from './views/analytics.js';
import { LanguagePicker } from './views/language.js';
import { LoginPage } from './views/login.js';
import { Overview } from './views/overview.js';
import { CountryPage, SitePage } from './views/places.js';
import { RoomPage } from './views/room-page.js';

const LANG_KEY = 'sc.dashboard.lang';

/** The app root: language, session, the fleet state and its one live connection. */
export function Root({ initialLang }: { initialLang: string }) {
  const [lang, setLang] = useState(initialLang);
  const [me, setMe] = useState<MeDto | null | undefined>(undefined);
  const i18n = useMemo(() => createI18n(lang, messagesFor(lang), ENGLISH), [lang]);
  const api = useMemo(() => new ApiClient('./', () => setMe(null)), []);
  const changeLang = (l: string) => {
    localStorage.setItem(LANG_KEY, l);
    setLang(l);
  };
  useEffect(() => {
    document.documentElement.lang = LOCALES[lang] ?? lang;
    document.documentElement.dir = i18n.dir;
    document.title = i18n.t('app.title');
  }, [lang, i18n]);
  const loadMe = () => {
    api
      .get<MeDto>(endpoints.me)
      .then((m) => {
        api.csrfToken = m.csrfToken;
        setMe(m);
      })
      .catch(() => setMe(null));
  };
  useEffect(loadMe, [api]);
  if (me === undefined) return <main class="loading">{i18n.t('app.loading')}</main>;
  if (me === null) return <LoginPage i18n={i18n} api={api} onDone={loadMe} onLang={changeLang} />;
  return <Signed i18n={i18n} api={api} me={me} onLang={changeLang} onLogout={() => setMe(null)} />;
}

function Signed({ i18n, api, me, onLang, onLogout }: { i18n: I18n; api: ApiClient; me: MeDto; onLang: (l: string) => void; onLogout: () => void }) {
  const state = useMemo(() => new FleetState((flush) => requestAnimationFrame(flush)), []);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      const [fleet, alerts] = await Promise.all([api.get<{ rooms: RoomSummaryDto[]; sites: SiteDto[] }>(endpoints.fleet), api.get<AlertDto[]>(endpoints.alerts)]);
      if (stopped) return;
      state.load(fleet.rooms, fleet.sites, alerts);
      setLoaded(true);
    };
    const live = new LiveConnection(api.url(endpoints.live), {
      message: (m) => state.apply(m),
      open: (reconnected) => {
        state.setConnected(true);
        // Whatever happened while the stream was down is in a fresh snapshot.
        if (reconnected) void load().catch(() => undefined);
      },
      down: () => state.setConnected(false),
    });
    void load().catch(() => undefined);
    live.start();
    return () => {
      stopped = true;
      live.stop();
    };
  }, [api, state]);
  const ctx = useMemo<AppContext>(() => {
    const regions = new Intl.DisplayNames([LOCALES[i18n.lang] ?? i18n.lang, 'en'], { type: 'region' });
    return {
      i18n,
      api,
      state,
      me,
      countryName: (code) => {
        try {
          return regions.of(code.toUpperCase()) ?? code.toUpperCase();
        } catch {
          return code.toUpperCase();
        }
      },
      siteName: (country, site) => state.sites.get(`${country}/${site}`)?.name ?? site,
      now: () => Date.now(),
    };
  }, [i18n, api, state, me]);
  const logout = () => {
    void api
      .post(endpoints.logout)
      .catch(() => undefined)
      .then(onLogout);
  };
  return (
    <Ctx.Provider value={ctx}>
      <Header onLang={onLang} onLogout={logout} />
      <main class="content">{loaded ? <Page /> : <p class="muted">{i18n.t('app.loading')}</p>}</main>
    </Ctx.Provider>
  );
}

function Header({ onLang, onLogout }: { onLang: (l: string) => void; onLogout: () => void }) {
  const { i18n, state, me } = useApp();
  useFleetVersion();
  const route = useRoute();
  const link = (page: 'overview' | 'alerts' | 'analytics', label: string) => (
    <a href={href({ page })} class={route.page === page ? 'active' : ''} data-nav={page}>
      {label}
    </a>
  );
  return (
    <header class="top">
      <b class="brand">{i18n.t('app.title')}</b>
      <nav>
        {link('overview', i18n.t('nav.overview'))}
        {link('alerts', `${i18n.t('nav.alerts')} (${i18n.number(state.alerts.size)})`)}
        {link('analytics', i18n.t('nav.analytics'))}
      </nav>
      <span class={`live ${state.connected ? 'ok' : 'bad'}`} data-testid="live-indicator" data-connected={String(state.connected)}>
        ● {state.connected ? i18n.t('nav.live') : i18n.t('nav.reconnecting')}
      </span>
      <LanguagePicker i18n={i18n} onLang={onLang} />
      <span class="user" data-testid="user" data-role={me.role}>
        {me.username} · {i18n.t(`role.${me.role}`)}
      </span>
      <button class="secondary" onClick={onLogout}>
        {i18n.t('nav.logout')}
      </button>
    </header>
  );
}

function Page() {
  const route = useRoute();
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'country':
      return <CountryPage country={route.country} />;
    case 'site':
      return <SitePage country={route.country} site={route.site} />;
    case 'room':
      return <RoomPage key={`${route.country}/${route.site}/${route.room}`} country={route.country} site={route.site} room={route.room} />;
    case 'alerts':
      return <AlertsPage {...(route.country === undefined ? {} : { country: route.country })} {...(route.site === undefined ? {} : { site: route.site })} />;
    case 'analytics':
      return <AnalyticsPage />;
  }
}
