import type { I18n } from '@ui/i18n.ts';
import type { MessageLoaders } from '@ui/languages.ts';
import { useI18n as useSharedI18n } from '@ui/use-i18n.ts';

/** One chunk per language, loaded when chosen: the page only downloads the one it shows. */
const LOADERS: MessageLoaders = {
  en: () => import('./messages/en.json'),
  fr: () => import('./messages/fr.json'),
  ar: () => import('./messages/ar.json'),
  ru: () => import('./messages/ru.json'),
  mn: () => import('./messages/mn.json'),
  kk: () => import('./messages/kk.json'),
  uz: () => import('./messages/uz.json'),
  zh: () => import('./messages/zh.json'),
  sw: () => import('./messages/sw.json'),
  pt: () => import('./messages/pt.json'),
};

export const useI18n = (lang: string): I18n | undefined => useSharedI18n(lang, LOADERS, 'app.title');
