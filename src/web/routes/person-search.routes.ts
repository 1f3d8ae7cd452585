import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { formatNhsNumber } from '../../domain/nhs-number.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { dateInput, text, type FormBody } from '../forms/form-data.js';

const FIELDS = ['name', 'nhsNumber', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'];

/**
 * Finding a person: a GET form, so a search has an address, works without JavaScript and
 * changes nothing (no CSRF token needed). An address with no answers shows the empty form;
 * any answer, even a blank one, is a search, checked by the service.
 */
export async function personSearchRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const search = { config: { auth: true, capability: 'person.search' as const } };

  app.get<{ Querystring: FormBody }>('/people/search', search, async (request, reply) => {
    const query = request.query;
    const dob = dateInput(query, 'dateOfBirth');
    const values = { name: text(query, 'name') ?? '', nhsNumber: text(query, 'nhsNumber') ?? '' };
    const page = { values, dates: { dateOfBirth: dob.parts }, errors: {}, errorList: [], results: null };
    if (!FIELDS.some((f) => f in query)) return renderPage(views, request, reply, 'pages/person/search.njk', page);
    try {
      const answer = await services.personSearch.search(request.caller!, { name: values.name, dateOfBirth: dob.value, nhsNumber: values.nhsNumber }, request.ctx);
      const results = answer.people.map((p) => ({
        ...p,
        // Kept on one line in a narrow table: 943 476 5919 reads as one number.
        nhsNumber: p.nhsNumber ? formatNhsNumber(p.nhsNumber).replaceAll(' ', '\u00a0') : null,
      }));
      return renderPage(views, request, reply, 'pages/person/search.njk', { ...page, results, more: answer.more });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      return renderPage(views, request, reply, 'pages/person/search.njk', { ...page, ...errorViewModel(err.fields, request.locale) }, 400);
    }
  });
}
