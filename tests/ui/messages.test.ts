import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, compareMessages, createI18n, type Messages } from '../../src/ui/shared/i18n.js';
import { REPO_ROOT } from '../helpers/cli.js';

const APPS = ['wall-panel', 'technician'];
const LANGS = Object.keys(LOCALES);

function messages(app: string, lang: string): Messages {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'src', 'ui', app, 'messages', `${lang}.json`), 'utf8')) as Messages;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'messages' ? [] : sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe.each(APPS)('%s message files', (app) => {
  const en = messages(app, 'en');

  it('has a file for each of the ten languages and no other', () => {
    const files = readdirSync(join(REPO_ROOT, 'src', 'ui', app, 'messages')).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual([...LANGS].sort());
  });

  it.each(LANGS.filter((l) => l !== 'en'))('%s has exactly the English keys, each translated, with the same placeholders', (lang) => {
    const other = messages(app, lang);
    expect(compareMessages(en, other)).toEqual({ missing: [], extra: [] });
    for (const [key, text] of Object.entries(other)) {
      expect(text.trim(), `${lang} ${key} is empty`).not.toBe('');
      const wanted = (en[key]?.match(/\{\w+\}/g) ?? []).sort();
      expect((text.match(/\{\w+\}/g) ?? []).sort(), `${lang} ${key} placeholders`).toEqual(wanted);
    }
  });

  it('translates the sentences a person reads (not a copy of English)', () => {
    for (const lang of LANGS.filter((l) => l !== 'en')) {
      const other = messages(app, lang);
      const same = Object.keys(en).filter((k) => en[k] === other[k] && /[a-z]{4,} [a-z]{3,}/i.test(en[k] ?? ''));
      expect(same, `${lang}: sentences left in English`).toEqual([]);
    }
  });

  it('keeps every string in the message files: no words written as JSX text in the code', () => {
    const offenders: string[] = [];
    for (const file of sources(join(REPO_ROOT, 'src', 'ui', app))) {
      const text = readFileSync(file, 'utf8');
      // Text between tags, such as <p>Start class</p>, that is not an expression.
      for (const m of text.matchAll(/(?<!=)>\s*([A-Za-z][A-Za-z ,.'!?]{2,})\s*</g)) offenders.push(`${file}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('uses every English key somewhere, so message files do not collect dead strings', () => {
    const code = sources(join(REPO_ROOT, 'src', 'ui', app))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // Keys built at run time (`step.${action}`) are used through their prefix.
    const unused = Object.keys(en).filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !code.includes(`\`${key.replace(/\.[^.]+$/, '.')}`) && !code.includes(`\`${key.split('.')[0]}.`));
    expect(unused).toEqual([]);
  });
});

describe('shared i18n for the pages', () => {
  it('makes Arabic right-to-left and formats numbers and durations by locale', () => {
    const ar = createI18n('ar', { n: '{count}' }, {});
    expect(ar.dir).toBe('rtl');
    expect(createI18n('zh', {}, {}).dir).toBe('ltr');
    const fr = createI18n('fr', {}, {});
    expect(fr.number(1234.5)).toBe(new Intl.NumberFormat('fr').format(1234.5));
    expect(fr.elapsed(3725)).toBe('1:02:05');
    expect(createI18n('en', {}, {}).elapsed(65)).toBe('01:05');
  });
});
