import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** English and Welsh message catalogues: one key per string, the same keys in both. */
export const LOCALES = ['en', 'cy'] as const;
export type Locale = (typeof LOCALES)[number];
export type Catalogue = Readonly<Record<string, string>>;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A catalogue is `<locale>.json` plus any `<locale>.<area>.json` (one file per area of
 * the service, so areas can be translated separately). A key defined twice is an error.
 */
export function loadCatalogue(locale: Locale): Catalogue {
  const files = fs
    .readdirSync(here)
    .filter((f) => f === `${locale}.json` || (f.startsWith(`${locale}.`) && f.endsWith('.json')))
    .sort();
  const merged: Record<string, string> = {};
  for (const f of files) {
    const part = JSON.parse(fs.readFileSync(path.join(here, f), 'utf8')) as Record<string, string>;
    for (const [k, v] of Object.entries(part)) {
      if (k in merged) throw new Error(`message key ${k} is defined twice (${f})`);
      merged[k] = v;
    }
  }
  return Object.freeze(merged);
}

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en: loadCatalogue('en'), cy: loadCatalogue('cy') };

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'cy';
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * A translator for one locale. A key missing from the catalogue is a bug the i18n
 * test catches; at run time it shows the key rather than failing the page.
 */
export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => {
    const template = catalogue[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

const dateFormats = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }),
  cy: new Intl.DateTimeFormat('cy-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }),
};
const dateTimeFormats = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  cy: new Intl.DateTimeFormat('cy-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};
const utcDateFormats = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
  cy: new Intl.DateTimeFormat('cy-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
};
const weekdayDateFormats = {
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  cy: new Intl.DateTimeFormat('cy-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
};

/** An instant, shown as a date in Europe/London. */
export function formatDate(d: Date, locale: Locale): string {
  return dateFormats[locale].format(d);
}

export function formatDateTime(d: Date, locale: Locale): string {
  return dateTimeFormats[locale].format(d);
}

/** A calendar date 'YYYY-MM-DD', with its weekday ("Tuesday 24 November 2026"). */
export function formatIsoDate(iso: string, locale: Locale, withWeekday = false): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return withWeekday
    ? weekdayDateFormats[locale].format(d)
    : utcDateFormats[locale].format(d);
}
