/** Small inline icons: no icon font, no emoji (the kiosk may lack an emoji font). */
const PATHS = {
  phone:
    'M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z',
  warning: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
} as const;

export function Icon({ name }: { name: keyof typeof PATHS | 'globe' }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      {name === 'globe' ? (
        <g fill="none" stroke="currentColor" stroke-width="1.8">
          <circle cx="12" cy="12" r="9.5" />
          <ellipse cx="12" cy="12" rx="4.2" ry="9.5" />
          <path d="M2.5 12h19M4 7h16M4 17h16" />
        </g>
      ) : (
        <path fill="currentColor" d={PATHS[name]} />
      )}
    </svg>
  );
}
