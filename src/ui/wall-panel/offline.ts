/**
 * Keeps a copy of the panel in the kiosk browser (the agent serves /sw.js), so the panel shows
 * and reconnects even when the agent is not up yet. Browsers allow this on the mini-PC's own
 * address (127.0.0.1); on a panel reaching the agent over plain HTTP it is simply skipped.
 */
export function keepOfflineCopy(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
