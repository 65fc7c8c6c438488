/**
 * Every fleet URL the dashboard uses, in one place, relative to the page (served at the fleet's
 * root). Login, commands, alerts, events and the audit log are the general API; /api/dashboard
 * holds what the dashboard needs in its own shape (summaries, live stream, health, analytics).
 */
const room = (root: string) => {
  const [, , country = '', site = '', r = ''] = root.split('/');
  return `${encodeURIComponent(country)}/${encodeURIComponent(site)}/${encodeURIComponent(r)}`;
};

export const endpoints = {
  login: 'api/login',
  logout: 'api/logout',
  me: 'api/dashboard/me',
  fleet: 'api/dashboard/fleet',
  live: 'api/dashboard/live',
  alerts: 'api/alerts?state=active&limit=1000',
  ackAlert: (id: number) => `api/alerts/${id}/ack`,
  resolveAlert: (id: number) => `api/alerts/${id}/resolve`,
  room: (root: string) => `api/dashboard/rooms/${room(root)}`,
  roomHealth: (root: string) => `api/dashboard/rooms/${room(root)}/health`,
  roomEvents: (root: string) => `api/rooms/${room(root)}/events?limit=100`,
  roomCommands: (root: string) => `api/audit?room=${encodeURIComponent(root)}&limit=20`,
  sendCommand: (root: string) => `api/rooms/${room(root)}/commands`,
  analytics: (from: number, to: number) => `api/dashboard/analytics?from=${from}&to=${to}`,
  analyticsCsv: (from: number, to: number) => `api/dashboard/analytics.csv?from=${from}&to=${to}`,
} as const;
