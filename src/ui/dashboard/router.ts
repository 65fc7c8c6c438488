/** Hash routes, so the static files need no server-side routing and links survive a reload. */
export type Route =
  | { page: 'overview' }
  | { page: 'country'; country: string }
  | { page: 'site'; country: string; site: string }
  | { page: 'room'; country: string; site: string; room: string }
  | { page: 'alerts'; country?: string; site?: string }
  | { page: 'analytics' };

const LEVEL = /^[a-z0-9-]{1,64}$/;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '');
  const ok = parts.slice(1).every((p) => LEVEL.test(p));
  if (!ok) return { page: 'overview' };
  const [head, a, b, c] = parts;
  if (head === 'c' && a !== undefined) return { page: 'country', country: a };
  if (head === 's' && a !== undefined && b !== undefined) return { page: 'site', country: a, site: b };
  if (head === 'r' && a !== undefined && b !== undefined && c !== undefined) return { page: 'room', country: a, site: b, room: c };
  if (head === 'analytics') return { page: 'analytics' };
  if (head === 'alerts') {
    const params = new URLSearchParams(query);
    const country = params.get('country') ?? undefined;
    const site = params.get('site') ?? undefined;
    return {
      page: 'alerts',
      ...(country !== undefined && LEVEL.test(country) ? { country } : {}),
      ...(site !== undefined && LEVEL.test(site) ? { site } : {}),
    };
  }
  return { page: 'overview' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'country':
      return `#/c/${route.country}`;
    case 'site':
      return `#/s/${route.country}/${route.site}`;
    case 'room':
      return `#/r/${route.country}/${route.site}/${route.room}`;
    case 'analytics':
      return '#/analytics';
    case 'alerts': {
      const params = new URLSearchParams();
      if (route.country !== undefined) params.set('country', route.country);
      if (route.site !== undefined) params.set('site', route.site);
      const q = params.toString();
      return q === '' ? '#/alerts' : `#/alerts?${q}`;
    }
  }
}

export function roomHref(root: string): string {
  const [, , country = '', site = '', room = ''] = root.split('/');
  return href({ page: 'room', country, site, room });
}
