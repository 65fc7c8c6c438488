import type { Messages } from '@ui/i18n.ts';
import en from './en.json';
import fr from './fr.json';
import zh from './zh.json';

/** The dashboard's languages; each is a message file next to this one. */
export const LANGUAGES: readonly { code: string; name: string; messages: Messages }[] = [
  { code: 'en', name: 'English', messages: en },
  { code: 'fr', name: 'Français', messages: fr },
  { code: 'zh', name: '简体中文', messages: zh },
];

export const ENGLISH: Messages = en;

export function messagesFor(lang: string): Messages {
  return LANGUAGES.find((l) => l.code === lang)?.messages ?? en;
}

/** The stored choice, else the browser's first language we have, else English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): string {
  const have = new Set(LANGUAGES.map((l) => l.code));
  if (stored !== null && have.has(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (have.has(base)) return base;
  }
  return 'en';
}
