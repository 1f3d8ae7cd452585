import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { RULE_SETTING_DEFINITIONS } from '../../domain/rule-settings.js';
import { notFound, renderPage, submitForm } from '../pages.js';
import { errorViewModel, type FieldErrors } from '../view.js';
import { translator, type Locale } from '../i18n/i18n.js';
import { dateInput, text, type DateParts, type FormBody } from '../forms/form-data.js';

/** After a change, the page says what was done (post/redirect/get). */
const DONE = ['settings', 'closureAdded', 'closureRemoved'] as const;
type Done = (typeof DONE)[number];

type DateParams = { Params: { date: string } };

/** What the page shows besides the rules: a done banner, or what was typed beside its errors. */
interface PageState {
  done?: Done | undefined;
  entered?: Record<string, string>;
  closure?: { nameEn?: string | undefined; nameCy?: string | undefined };
  dates?: { closedOn: DateParts };
  errors?: Record<string, { text: string; visuallyHiddenText: string }>;
  errorList?: { text: string; href: string }[];
}

/**
 * Rules and timescales: every statutory timer with its source, the settings that hold
 * what the procedures leave open, the bank holidays and local closures. Case workers
 * read it; an administrator changes settings and closures.
 */
export async function settingsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const view = { config: { auth: true, capability: 'rules.view' as const } };
  const manage = { config: { auth: true, capability: 'rules.manage' as const } };

  async function showPage(request: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) {
    const overview = await services.rules.overview(request.caller!);
    const current = Object.fromEntries(overview.settings.map((s) => [s.key, String(s.value)]));
    return renderPage(
      views,
      request,
      reply,
      'pages/settings/index.njk',
      {
        ...overview,
        done: state.done,
        values: { ...current, ...state.entered },
        closure: state.closure ?? {},
        dates: state.dates ?? { closedOn: { day: '', month: '', year: '' } },
        errors: state.errors ?? {},
        errorList: state.errorList ?? [],
      },
      status,
    );
  }

  app.get<{ Querystring: { done?: string } }>('/settings', view, async (request, reply) => {
    const done = DONE.find((d) => d === request.query.done);
    return showPage(request, reply, { done });
  });

  app.post('/settings', manage, async (request, reply) => {
    const body = request.body as FormBody;
    // Only the settings the form shows are sent on; the service checks each value.
    const entered: Record<string, string> = {};
    for (const d of RULE_SETTING_DEFINITIONS) {
      const v = text(body, d.key);
      if (v !== undefined) entered[d.key] = v;
    }
    const expectedVersion = text(body, 'expectedVersion');
    return submitForm(views, request, reply, {
      change: () => services.rules.updateSettings(request.caller!, { ...entered, ...(expectedVersion !== undefined ? { expectedVersion } : {}) }, request.ctx),
      redirectTo: doneUrl('settings'),
      kept: RULE_SETTING_DEFINITIONS.map((d) => ({ label: `settings.setting.${d.key}`, value: entered[d.key] ?? '' })),
      showErrors: (fields) => showPage(request, reply, { entered, ...settingErrors(fields, request.locale) }, 400),
    });
  });

  app.post('/settings/closures', manage, async (request, reply) => {
    const body = request.body as FormBody;
    const closedOn = dateInput(body, 'closedOn');
    const closure = { nameEn: text(body, 'nameEn'), nameCy: text(body, 'nameCy') };
    return submitForm(views, request, reply, {
      change: () => services.rules.addClosure(request.caller!, { date: closedOn.value, ...closure }, request.ctx),
      redirectTo: doneUrl('closureAdded'),
      kept: [
        { label: 'settings.closures.date', value: closedOn.value ?? '' },
        { label: 'settings.closures.nameEn', value: closure.nameEn ?? '' },
        { label: 'settings.closures.nameCy', value: closure.nameCy ?? '' },
      ],
      showErrors: (fields) =>
        showPage(request, reply, { closure, dates: { closedOn: closedOn.parts }, ...closureErrors(fields, request.locale) }, 400),
    });
  });

  app.get<DateParams>('/settings/closures/:date/remove', manage, async (request, reply) => {
    const overview = await services.rules.overview(request.caller!);
    const closure = overview.closures.find((c) => c.date === request.params.date);
    if (!closure) return notFound(views, request, reply);
    return renderPage(views, request, reply, 'pages/settings/remove-closure.njk', { closure });
  });

  app.post<DateParams>('/settings/closures/:date/remove', manage, async (request, reply) => {
    await services.rules.removeClosure(request.caller!, request.params.date, request.ctx);
    return reply.redirect(doneUrl('closureRemoved'), 303);
  });
}

function doneUrl(done: Done): string {
  return `/settings?done=${done}`;
}

/** Setting errors name the setting and its allowed range, so the message says what to do. */
function settingErrors(fields: Readonly<FieldErrors> | undefined, locale: Locale) {
  const t = translator(locale);
  const errors: Record<string, { text: string; visuallyHiddenText: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const [field, key] of Object.entries(fields ?? {})) {
    const d = RULE_SETTING_DEFINITIONS.find((x) => x.key === field);
    // The service's keys are also the API's; the page's own versions name the setting and its range.
    const pageKey = key.replace(/^error\.setting\./, 'settings.error.');
    const message = t(pageKey, { setting: d ? t(`settings.setting.${d.key}`) : field, min: d?.min ?? 0, max: d?.max ?? 0 });
    errors[field] = { text: message, visuallyHiddenText: t('common.error') };
    errorList.push({ text: message, href: `#${field}` });
  }
  return { errors, errorList };
}

/** The service names the closure's date `date`; on the page it is the date input `closedOn`. */
function closureErrors(fields: Readonly<FieldErrors> | undefined, locale: Locale) {
  const renamed = Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k === 'date' ? 'closedOn' : k, v]));
  const { errors, errorList } = errorViewModel(renamed, locale);
  return { errors, errorList: errorList.map((e) => (e.href === '#closedOn' ? { ...e, href: '#closedOn-day' } : e)) };
}
