/** Reading urlencoded form bodies: every value is a string or a list of strings. */
export type FormBody = Record<string, unknown>;

export function text(body: FormBody | undefined, name: string): string | undefined {
  const v = body?.[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

export function list(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return [];
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * A GOV.UK date input (name-day, name-month, name-year) as 'YYYY-MM-DD'.
 * All boxes empty → undefined; anything else that is not a date → 'invalid',
 * which the schema reports as "must be a real date".
 */
export function dateInput(body: FormBody | undefined, name: string): { value: string | undefined; parts: DateParts } {
  const parts = {
    day: (text(body, `${name}-day`) ?? '').trim(),
    month: (text(body, `${name}-month`) ?? '').trim(),
    year: (text(body, `${name}-year`) ?? '').trim(),
  };
  if (!parts.day && !parts.month && !parts.year) return { value: undefined, parts };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return { value: 'invalid', parts };
  }
  return { value: `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`, parts };
}

export function partsOf(iso: string | undefined): DateParts {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return { day: '', month: '', year: '' };
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}
