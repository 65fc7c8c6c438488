import type { I18n } from '@ui/i18n.ts';
import { LANGUAGES } from '../messages/index.js';

export function LanguagePicker({ i18n, onLang }: { i18n: I18n; onLang: (lang: string) => void }) {
  return (
    <select class="lang" aria-label={i18n.t('nav.language')} value={i18n.lang} onChange={(e) => onLang((e.target as HTMLSelectElement).value)} data-testid="language">
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
