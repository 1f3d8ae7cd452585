import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { checkPost, clauseHref, PHOTO_CONSENT_ANSWERS, type PostFinding } from '../../domain/post-check.js';
import { validatePostCheck } from '../../services/post-check.input.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';

const PATH = '/guidance/before-you-post';
const TEMPLATE = 'pages/guidance/before-you-post.njk';

interface Answers {
  text: string;
  photoAttached: string;
  photoConsent: string;
}

/**
 * "Before you post": a worker pastes a draft social media post and reads the risks Social
 * Care Wales' guidance names in it, each linked to its clause. Anyone signed in may use it.
 *
 * The draft is never kept: no service is called, so nothing is stored or audited; the page
 * is sent with `cache-control: no-store`; and a request this page cannot read is answered
 * here without logging the error's message, which could quote the body.
 */
export async function postCheckRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views } = deps;
  const signedIn = { config: { auth: true } };

  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      request.log.info({ code: (error as { code?: string }).code }, 'bad request to the post check (message not logged: it may quote the draft)');
      return renderPage(views, request, reply, 'pages/errors/bad-request.njk', {}, status === 413 || status === 415 ? status : 400);
    }
    throw error;
  });

  function show(request: FastifyRequest, reply: FastifyReply, values: Answers, extra: Record<string, unknown> = {}, status = 200) {
    return renderPage(views, request, reply, TEMPLATE, { values, errors: {}, errorList: [], results: null, ...extra }, status);
  }

  app.get(PATH, signedIn, async (request, reply) => show(request, reply, { text: '', photoAttached: '', photoConsent: '' }));

  app.post(PATH, signedIn, async (request, reply) => {
    const body = request.body as FormBody;
    // Browsers send a textarea's line breaks as CRLF; count each as the one character it is.
    const values: Answers = {
      text: (text(body, 'text') ?? '').replace(/\r\n/g, '\n'),
      photoAttached: text(body, 'photoAttached') ?? '',
      photoConsent: text(body, 'photoConsent') ?? '',
    };
    const photoAttached = values.photoAttached === 'yes' ? true : values.photoAttached === 'no' ? false : undefined;
    const { input, errors } = validatePostCheck({
      text: values.text,
      photoAttached,
      // The consent answer only matters with a photo; an unexpected value is simply no answer.
      photoConsent: (PHOTO_CONSENT_ANSWERS as readonly string[]).includes(values.photoConsent) ? values.photoConsent : undefined,
    });
    if (errors) return show(request, reply, values, errorViewModel(errors, request.locale), 400);
    return show(request, reply, values, { checked: true, results: checkPost(input).map(findingView) });
  });
}

/** A finding as the page shows it: message keys for its heading and explanation, and its clause links. */
function findingView(f: PostFinding) {
  return {
    kind: f.kind,
    heading: `postCheck.kind.${f.kind}.heading`,
    explanation: `postCheck.kind.${f.kind}.explanation`,
    evidence: f.evidence,
    clauses: f.clauseRefs.map((ref) => ({ ref, href: clauseHref(ref), title: `postCheck.clause.${ref}` })),
  };
}
