/**
 * The message-file mechanism shared by the wall panel, the technician page and the dashboard:
 * every string a person reads is in `messages/<lang>.json` of its app, none in code. Numbers,
 * dates and durations go through Intl for the locale.
 */
export type Messages = Readonly<Record<string, string>>;

export interface I18n {
  lang: string;
  dir: 'ltr' | 'rtl';
  /** `t('session.live', { course: 'Physics' })`; plural keys: `key_one`, `key_other` chosen by `count`. */
  t(key: string, params?: Readonly<Record<string, string | number>>): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  dateTime(value: Date | number, options?: Intl.DateTimeFormatOptions): string;
  time(value: Date | number): string;
  /** 1:05:09 style elapsed time with the locale's digits. */
  elapsed(seconds: number): string;
  /** "3 minutes ago" */
  relative(fromMs: number, nowMs: number): string;
}

const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** The BCP 47 tag Intl should use for each product language. */
export const LOCALES: Readonly<Record<string, string>> = {
  en: 'en',
  fr: 'fr',
  ar: 'ar',
  ru: 'ru',
  mn: 'mn',
  kk: 'kk',
  uz: 'uz-Latn',
  zh: 'zh-Hans',
  sw: 'sw',
  pt: 'pt',
};

/**
 * The clock each language's speakers use, given to Intl explicitly: a browser without a locale's
 * data (Chromium has no Mongolian) would otherwise fall back to en-US and a 12-hour clock.
 */
const HOUR_CYCLE: Readonly<Record<string, 'h12' | 'h23'>> = { en: 'h12', ar: 'h12' };

function interpolate(text: string, params: Readonly<Record<string, string | number>> | undefined, format: (n: number) => string): string {
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? format(v) : v;
  });
}

export function createI18n(lang: string, messages: Messages, fallback: Messages): I18n {
  const locale = LOCALES[lang] ?? lang;
  const numberFormat = new Intl.NumberFormat(locale);
  const plural = new Intl.PluralRules(locale);
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const lookup = (key: string): string | undefined => messages[key] ?? fallback[key];
  const hourCycle = HOUR_CYCLE[lang] ?? 'h23';
  // A time of day in the language's own clock, unless the caller chose one.
  const clocked = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions =>
    (options.hour !== undefined || options.timeStyle !== undefined) && options.hour12 === undefined && options.hourCycle === undefined ? { ...options, hourCycle } : options;
  return {
    lang,
    dir: RTL.has(lang) ? 'rtl' : 'ltr',
    t(key, params) {
      let text: string | undefined;
      const count = params?.count;
      if (typeof count === 'number') text = lookup(`${key}_${plural.select(count)}`) ?? lookup(`${key}_other`);
      text ??= lookup(key);
      // A missing string shows its key, so it is noticed in a screenshot rather than hidden.
      return interpolate(text ?? key, params, (n) => numberFormat.format(n));
    },
    number: (value, options) => (options === undefined ? numberFormat.format(value) : new Intl.NumberFormat(locale, options).format(value)),
    dateTime: (value, options) => new Intl.DateTimeFormat(locale, clocked(options ?? { dateStyle: 'medium', timeStyle: 'short' })).format(value),
    time: (value) => new Intl.DateTimeFormat(locale, clocked({ hour: '2-digit', minute: '2-digit' })).format(value),
    elapsed(seconds) {
      const s = Math.max(0, Math.floor(seconds));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const sec = s % 60;
      return h > 0 ? `${numberFormat.format(h)}:${two.format(m)}:${two.format(sec)}` : `${two.format(m)}:${two.format(sec)}`;
    },
    relative(fromMs, nowMs) {
      const diffS = Math.round((fromMs - nowMs) / 1000);
      const abs = Math.abs(diffS);
      if (abs < 60) return relativeFormat.format(diffS, 'second');
      if (abs < 3600) return relativeFormat.format(Math.round(diffS / 60), 'minute');
      if (abs < 86_400) return relativeFormat.format(Math.round(diffS / 3600), 'hour');
      return relativeFormat.format(Math.round(diffS / 86_400), 'day');
    },
  };
}

/** Missing and extra keys of a message file against the English one (used by tests). */
export function compareMessages(reference: Messages, other: Messages): { missing: string[]; extra: string[] } {
  const ref = new Set(Object.keys(reference));
  const oth = new Set(Object.keys(other));
  return { missing: [...ref].filter((k) => !oth.has(k)), extra: [...oth].filter((k) => !ref.has(k)) };
}
