import { LOCALES, createI18n, type I18n, type Messages } from './i18n.ts';

/** The product's languages, in the order a picker shows them. */
export const LANGUAGES: readonly string[] = Object.keys(LOCALES);

export type MessageLoaders = Readonly<Record<string, () => Promise<{ default: Messages }>>>;

/** The message file of `lang` over the English one (a missing string falls back to English). */
export async function loadI18n(lang: string, loaders: MessageLoaders): Promise<I18n> {
  const loadEn = loaders.en;
  if (loadEn === undefined) throw new Error('an app must have messages/en.json');
  const en = (await loadEn()).default;
  const own = lang === 'en' ? en : ((await loaders[lang]?.())?.default ?? en);
  return createI18n(lang, own, en);
}

/** The first of `candidates` that is a product language, else English. */
export function pickLanguage(candidates: readonly (string | null | undefined)[]): string {
  for (const c of candidates) {
    if (c === null || c === undefined) continue;
    const base = c.toLowerCase().split(/[-_]/)[0] ?? '';
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/**
 * Each language in itself, as its speakers write it on a menu. Written out rather than taken from
 * Intl.DisplayNames: kiosk browsers ship without some locales (Chromium has no Mongolian data and
 * answers "Mongolian"), and a teacher looks for the name in their own script.
 */
const ENDONYMS: Readonly<Record<string, string>> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  ru: 'Русский',
  mn: 'Монгол',
  kk: 'Қазақша',
  uz: 'Oʻzbekcha',
  zh: '中文',
  sw: 'Kiswahili',
  pt: 'Português',
};

/** A language's own name ("Français", "Монгол"). */
export function languageName(lang: string): string {
  return ENDONYMS[lang] ?? lang;
}

/** `lang` and `dir` on <html>, so the browser, screen readers and CSS logical properties follow. */
export function applyDocumentLanguage(i18n: I18n): void {
  document.documentElement.lang = LOCALES[i18n.lang] ?? i18n.lang;
  document.documentElement.dir = i18n.dir;
}

/** `t(key)`, or `fallback` when no message file has the key (names that come from devices). */
export function tOr(i18n: I18n, key: string, fallback: string): string {
  const text = i18n.t(key);
  return text === key ? fallback : text;
}
