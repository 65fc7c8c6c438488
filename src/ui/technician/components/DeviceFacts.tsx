import type { I18n } from '@ui/i18n.ts';
import type { DeviceState } from '@ui/room.ts';

/** What a device reports about itself at the slow poll (panels: serial, hours, temperature), and a warning. */
export function DeviceFacts({ i18n, state }: { i18n: I18n; state: DeviceState }) {
  const h = state.health;
  return (
    <>
      {h?.serial !== undefined && <div class="muted small" data-fact="serial">{i18n.t('devices.serial', { serial: h.serial })}</div>}
      {h?.operatingHours !== undefined && <div class="muted small" data-fact="hours">{i18n.t('devices.hours', { hours: Math.round(h.operatingHours) })}</div>}
      {h?.temperatureC !== undefined && <div class="muted small" data-fact="temperature">{i18n.t('devices.temperature', { celsius: h.temperatureC })}</div>}
      {state.warning !== undefined && (
        <div class="small warn" data-fact="warning">
          <code>{state.warning.code}</code> {state.warning.message}
        </div>
      )}
    </>
  );
}
