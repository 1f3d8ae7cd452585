import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services/index.js';
import type { Caller } from '../services/context.js';
import type { AllegationService, AllegationView } from '../services/allegation.service.js';
import { ALLEGATION_COMMAND_TYPES, type AllegationEvent, type AllegationStepType } from '../domain/cases/allegation.model.js';
import { DomainError, HTTP_STATUS_FOR } from '../domain/errors.js';
import { CATALOGUES, translator } from '../web/i18n/i18n.js';
import { sendDomainError, sendProblem } from './problem.js';

/**
 * The allegations API (Section 5): the list, the notification, one allegation and its
 * steps. An allegation outside the caller's scope gets exactly the 404 of one that does
 * not exist: the service decides, and nothing here answers before it has.
 */

/** Steps are addressed by the kebab-case form of the command: record_strategy_meeting → record-strategy-meeting. */
export function allegationStepSlug(type: AllegationStepType): string {
  return type.replaceAll('_', '-');
}

const STEP_BY_SLUG: ReadonlyMap<string, AllegationStepType> = new Map(ALLEGATION_COMMAND_TYPES.map((t) => [allegationStepSlug(t), t]));

/** Problem titles that tell an API client what to do next, for the refusals a step can meet. */
const STEP_PROBLEMS = {
  conflict: { title: 'The allegation changed since you read it', detail: 'Read the allegation again and send its current version as expectedVersion.' },
  invalid_state: { title: 'This step is not allowed at this stage of the allegation', detail: '' },
  not_permitted: { title: 'Only the designated officer leading the allegation may take this step', detail: '' },
} as const;

const en = translator('en');
/** Reasons shared with cases have the allegation's own wording where there is one. */
const reasonText = (key: string) => en(`${key}.allegation` in CATALOGUES.en ? `${key}.allegation` : key);

type IdParams = { Params: { id: string } };
type Recorded = AllegationView['events'][number];
type EventOf<T extends AllegationEvent['type']> = Extract<AllegationEvent, { type: T }>;

function eventsOf<T extends AllegationEvent['type']>(view: AllegationView, type: T): (Recorded & { data: EventOf<T> })[] {
  return view.events.filter((e) => e.type === type) as unknown as (Recorded & { data: EventOf<T> })[];
}

/** An allegation as the API shows it: names from the procedures, ISO dates, ids a client can send back. */
export function allegationJson(view: AllegationView) {
  const { allegation: a, state: s } = view;
  const opened = eventsOf(view, 'AllegationOpened')[0]?.data;
  const discussion = eventsOf(view, 'ProfessionalStrategyDiscussionHeld')[0]?.data;
  const concluding = eventsOf(view, 'ConcludingMeetingHeld')[0]?.data;
  const closed = eventsOf(view, 'AllegationClosed')[0]?.data;
  const reasons = new Map(eventsOf(view, 'ReferralAdded').map((e) => [e.data.referralId, e.data.reason]));
  return {
    id: a.id,
    version: a.version,
    stage: a.stage,
    outcome: a.outcome,
    localAuthorityId: a.localAuthorityId,
    openedAt: a.openedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    subject: s.subject && {
      name: s.subject.name,
      role: s.subject.role,
      employer: s.subject.employer,
      employmentType: s.subject.employmentType,
      hasAccount: s.subject.userId !== null,
    },
    notification: opened && {
      context: opened.context,
      criteria: opened.criteria,
      concernAroseAt: opened.concernAroseAt,
      outOfHours: opened.outOfHours,
      raisedBy: opened.raisedBy,
      notifiedAt: opened.notifiedAt,
      summary: opened.summary,
    },
    strategyDiscussion: discussion
      ? {
          heldAt: discussion.heldAt,
          attendees: discussion.attendees,
          thresholdMet: discussion.thresholdMet,
          interimSafeguards: discussion.interimSafeguards,
          sharing: discussion.sharing,
          employerRecord: discussion.employerRecord,
          summary: discussion.summary,
        }
      : null,
    strategyMeetings: eventsOf(view, 'ProfessionalStrategyMeetingHeld').map((e) => ({
      id: e.data.meetingId,
      heldAt: e.data.heldAt,
      attendees: e.data.attendees,
      tracks: e.data.tracks,
      nextMeetingOn: e.data.nextMeetingOn,
      summary: e.data.summary,
    })),
    tracks: s.tracks,
    trackUpdates: eventsOf(view, 'TrackUpdated').map((e) => ({ track: e.data.track, status: e.data.status, at: e.data.at, summary: e.data.summary, recordedBy: e.actorName })),
    concludingMeeting: concluding
      ? { heldAt: concluding.heldAt, attendees: concluding.attendees, outcome: concluding.outcome, consensus: concluding.consensus, rationale: concluding.rationale }
      : null,
    referrals: Object.entries(s.referrals).map(([id, r]) => ({
      id,
      body: r.body,
      bodyName: r.bodyName,
      responsible: r.responsible,
      reason: reasons.get(id) ?? '',
      completedOn: r.completedOn,
      reference: r.reference,
    })),
    closure: closed ? { at: closed.at, rationale: closed.rationale } : null,
    notes: eventsOf(view, 'AllegationNoteAdded').map((e) => ({
      id: e.data.noteId,
      occurredOn: e.data.occurredOn,
      summary: e.data.summary,
      recordedAt: e.occurredAt.toISOString(),
      recordedBy: e.actorName,
    })),
    members: view.members.map((m) => ({ id: m.id, name: m.name, email: m.email, organisation: m.organisationNameEn })),
    linkedCases: view.linkedCases.map((c) => ({ id: c.id, kind: c.kind, stage: c.stage, fullName: c.personName })),
    clocks: view.clocks.map((k) => ({
      key: k.key,
      timerId: k.timerId,
      startedAt: k.startedAt.toISOString(),
      dueDate: k.dueDate,
      dueAt: k.dueAt.toISOString(),
      status: k.status,
      workingDaysLeft: k.workingDaysLeft,
      stoppedAt: k.stoppedAt?.toISOString() ?? null,
      stopReason: k.stopReason,
      source: k.source,
    })),
    lead: view.lead,
    allowedSteps: view.allowed.map(allegationStepSlug),
  };
}

export function allegationSummaryJson(row: Awaited<ReturnType<AllegationService['list']>>[number]) {
  return {
    id: row.id,
    subjectName: row.subjectName,
    employer: row.employer,
    stage: row.stage,
    outcome: row.outcome,
    notifiedAt: row.notifiedAt.toISOString(),
    nextDueAt: row.nextDueAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function allegationApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const caller = (request: FastifyRequest): Caller => request.apiCaller!;

  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, _request, reply) => {
    if (!(error instanceof DomainError)) throw error; // the API's own handler answers the rest
    if (error.code === 'conflict' || error.code === 'invalid_state' || error.code === 'not_permitted') {
      // `reason` is the message key of the rule that refused the step (e.g. error.allegation.trackOpen).
      const p = STEP_PROBLEMS[error.code];
      const text = reasonText(error.message);
      const detail = p.detail || (text !== error.message ? text : undefined);
      return sendProblem(reply, HTTP_STATUS_FOR[error.code], { title: p.title, ...(detail ? { detail } : {}), reason: error.message });
    }
    return sendDomainError(reply, error);
  });

  app.get('/allegations', async (request) => ({ items: (await services.allegations.list(caller(request), request.ctx)).map(allegationSummaryJson) }));

  app.post('/allegations', async (request, reply) => {
    const { id } = await services.allegations.open(caller(request), request.body ?? {}, request.ctx);
    const view = await services.allegations.get(caller(request), id, request.ctx);
    return reply.status(201).header('location', `/api/allegations/${id}`).send(allegationJson(view));
  });

  app.get<IdParams>('/allegations/:id', async (request) => allegationJson(await services.allegations.get(caller(request), request.params.id, request.ctx)));

  app.post<{ Params: { id: string; step: string } }>('/allegations/:id/steps/:step', async (request) => {
    const type = STEP_BY_SLUG.get(request.params.step);
    if (!type) throw new DomainError('not_found', 'error.notFound');
    await services.allegations.execute(caller(request), request.params.id, type, request.body ?? {}, request.ctx);
    return allegationJson(await services.allegations.get(caller(request), request.params.id, request.ctx));
  });
}
