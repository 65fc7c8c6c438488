import { useEffect, useRef } from 'preact/hooks';
import type { I18n } from '@ui/i18n.ts';
import { LANGUAGES, languageName } from '@ui/languages.ts';
import { LOCALES } from '@ui/i18n.ts';

interface Props {
  i18n: I18n;
  onPick(lang: string): void;
  onClose(): void;
}

/** Every language in its own name, as large buttons (a native <dialog>: focus stays inside). */
export function LanguageDialog({ i18n, onPick, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="lang-title" onClose={onClose}>
      <h2 id="lang-title">{i18n.t('lang.title')}</h2>
      <div class="grid-buttons">
        {LANGUAGES.map((lang) => (
          <button key={lang} type="button" class={`btn btn-tile${lang === i18n.lang ? ' is-current' : ''}`} aria-pressed={lang === i18n.lang} lang={LOCALES[lang]} dir="auto" onClick={() => onPick(lang)}>
            {languageName(lang)}
          </button>
        ))}
      </div>
      <button type="button" class="btn btn-quiet" onClick={onClose}>
        {i18n.t('lang.close')}
      </button>
    </dialog>
  );
}
