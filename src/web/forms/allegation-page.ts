import { ALLEGATION_TRACKS, type AllegationEvent, type AllegationStepType, type AllegationTrack, type TrackStatus } from '../../domain/cases/allegation.model.js';
import type { AllegationView } from '../../services/allegation.service.js';
import { CATALOGUES, type Translate } from '../i18n/i18n.js';
import { allegationSlugOf } from './allegation-forms.js';

/**
 * An allegation's page, from the allegation as the service returns it: what was notified,
 * the professional strategy discussion, the meetings with their three tracks, the outcome,
 * referrals, notes and the clocks as a timeline. Everything shown comes from the events
 * the person may read; nothing here decides who may see or do what.
 */

type EventOf<T extends AllegationEvent['type']> = Extract<AllegationEvent, { type: T }>;
interface Recorded<T> {
  data: T;
  occurredAt: Date;
  actorName: string | null;
}

function eventsOf<T extends AllegationEvent['type']>(view: AllegationView, type: T): Recorded<EventOf<T>>[] {
  return view.events
    .filter((e) => e.type === type)
    .map((e) => ({ data: e.data as unknown as EventOf<T>, occurredAt: e.occurredAt, actorName: e.actorName }));
}

/** "Police: DC Powell; Designated officer: Dafydd Price", in the page's language. */
export function attendeesInWords(attendees: readonly { name: string; agency: string }[], t: Translate): string {
  const byAgency = new Map<string, string[]>();
  for (const a of attendees) byAgency.set(a.agency, [...(byAgency.get(a.agency) ?? []), a.name]);
  return [...byAgency].map(([agency, names]) => `${t(`allegation.agency.${agency}`)}: ${names.join(', ')}`).join('; ');
}

/** The three tracks in the procedures' order (stored records do not keep the order of their keys). */
function inOrder(tracks: Record<AllegationTrack, TrackStatus>) {
  return ALLEGATION_TRACKS.map((track) => ({ track, status: tracks[track] }));
}

export function allegationStepHref(id: string, type: AllegationStepType): string {
  return `/allegations/${id}/steps/${allegationSlugOf(type)}`;
}

/** Why a clock stopped, in words: the allegation's own reasons, then the ones cases share. */
function reasonKey(reason: string | null): string | null {
  if (!reason) return null;
  if (`allegation.clock.reason.${reason}` in CATALOGUES.en) return `allegation.clock.reason.${reason}`;
  return `case.clock.reason.${reason}` in CATALOGUES.en ? `case.clock.reason.${reason}` : null;
}

export function allegationPageModel(view: AllegationView, t: Translate) {
  const id = view.allegation.id;
  const s = view.state;
  const at = (iso: string) => new Date(iso);
  const byStart = (a: { startedAt: Date }, b: { startedAt: Date }) => a.startedAt.getTime() - b.startedAt.getTime();
  const opened = eventsOf(view, 'AllegationOpened')[0]?.data ?? null;
  const discussion = eventsOf(view, 'ProfessionalStrategyDiscussionHeld')[0]?.data ?? null;
  const concluding = eventsOf(view, 'ConcludingMeetingHeld')[0]?.data ?? null;
  const closure = eventsOf(view, 'AllegationClosed')[0]?.data ?? null;
  const added = new Map(eventsOf(view, 'ReferralAdded').map((e) => [e.data.referralId, e.data]));
  const clocks = view.clocks.map((c) => ({ ...c, exceptionByName: null, stopReasonKey: reasonKey(c.stopReason), pauseReasonKey: null }));
  // Removing someone is offered beside their name; with nobody added there is no one to remove.
  const next = view.allowed
    .filter((type) => type !== 'remove_member' || view.members.length > 0)
    .map((type) => ({ href: allegationStepHref(id, type), text: t(`allegation.step.${type}.title`) }));
  return {
    next,
    canRemoveMembers: view.allowed.includes('remove_member'),
    opened: opened && {
      context: opened.context,
      criteria: opened.criteria,
      concernAroseAt: at(opened.concernAroseAt),
      outOfHours: opened.outOfHours,
      raisedBy: opened.raisedBy,
      notifiedAt: at(opened.notifiedAt),
      summary: opened.summary,
    },
    discussion: discussion && { ...discussion, heldAt: at(discussion.heldAt), attendees: attendeesInWords(discussion.attendees, t) },
    meetings: eventsOf(view, 'ProfessionalStrategyMeetingHeld').map((e, i) => ({
      number: i + 1,
      heldAt: at(e.data.heldAt),
      attendees: attendeesInWords(e.data.attendees, t),
      tracks: inOrder(e.data.tracks),
      nextMeetingOn: e.data.nextMeetingOn,
      summary: e.data.summary,
    })),
    tracks: inOrder(s.tracks),
    trackUpdates: eventsOf(view, 'TrackUpdated').map((e) => ({ ...e.data, at: at(e.data.at), by: e.actorName })),
    concluding: concluding && { ...concluding, heldAt: at(concluding.heldAt), attendees: attendeesInWords(concluding.attendees, t) },
    referrals: Object.entries(s.referrals).map(([referralId, r]) => ({ id: referralId, ...r, reason: added.get(referralId)?.reason ?? '' })),
    closure: closure && { at: at(closure.at), rationale: closure.rationale },
    notes: eventsOf(view, 'AllegationNoteAdded').map((e) => ({ occurredOn: e.data.occurredOn, summary: e.data.summary, by: e.actorName, recordedAt: e.occurredAt })),
    runningClocks: clocks.filter((c) => c.stoppedAt === null).sort(byStart),
    finishedClocks: clocks.filter((c) => c.stoppedAt !== null).sort(byStart),
  };
}
