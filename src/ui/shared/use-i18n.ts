import { useEffect, useState } from 'preact/hooks';
import type { I18n } from './i18n.ts';
import { applyDocumentLanguage, loadI18n, type MessageLoaders } from './languages.ts';

/**
 * The messages of `lang` for a page (the previous language stays on screen while the next
 * loads); sets <html lang dir> and the document title from `titleKey`.
 */
export function useI18n(lang: string, loaders: MessageLoaders, titleKey: string): I18n | undefined {
  const [i18n, setI18n] = useState<I18n | undefined>();
  useEffect(() => {
    let alive = true;
    loadI18n(lang, loaders)
      .then((loaded) => {
        if (!alive) return;
        applyDocumentLanguage(loaded);
        document.title = loaded.t(titleKey);
        setI18n(loaded);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [lang, loaders, titleKey]);
  return i18n;
}
