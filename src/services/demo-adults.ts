import { FixedClock, type Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import { findUserByEmail } from '../store/users.repository.js';
import { addCalendarDays, londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import type { AdultUserCommandType } from '../domain/cases/adult-protection.model.js';
import type { AllegationStepType } from '../domain/cases/allegation.model.js';
import { toCaller } from './auth.service.js';
import { createConcernService } from './concern.service.js';
import { createCaseService } from './case.service.js';
import { createAllegationService } from './allegation.service.js';
import type { Caller, RequestContext } from './context.js';

/**
 * A fictional adult at risk and a linked allegation about a care worker, for the
 * demonstration: reported by a care home's designated person, taken through the
 * initial checks, section 126 enquiries and a strategy meeting that started a criminal
 * and a non-criminal investigation; the designated officer runs the Section 5 process
 * for the worker in parallel. Everything goes through the services at the time it happened.
 */
export async function loadDemoAdult(db: Db, clock: Clock, calendar: WorkingDayCalendar, localAuthorityId: string): Promise<void> {
  const ctx: RequestContext = { requestId: 'demo-data', ip: null };
  const who = async (email: string): Promise<Caller> => toCaller((await findUserByEmail(db, email))!);
  const carer = await who('gofalwr@brynhaul.example');
  const dsp = await who('dsp@brynhaul.example');
  const duty = await who('duty@sirfynydd.example');
  const manager = await who('manager@sirfynydd.example');
  const worker = await who('social.worker@sirfynydd.example');
  const dos = await who('dos@sirfynydd.example');
  const day = 86_400_000;
  // Start on a working day about four weeks ago, at 10:00 London time.
  let startDay = addCalendarDays(londonDate(clock.now()), -28);
  while (!calendar.isWorkingDay(startDay)) startDay = addCalendarDays(startDay, 1);
  const start = Date.parse(`${startDay}T10:00:00Z`);
  const at = (days: number, hours = 0) => new FixedClock(new Date(start + days * day + hours * 3_600_000));
  const iso = (days: number, hours = 0) => at(days, hours).now().toISOString();

  const concern = await createConcernService({ db, clock: at(0), calendar }).raise(
    carer,
    {
      subjectKind: 'adult', fullName: 'Gwilym Rees', birthKnowledge: 'date_of_birth', dateOfBirth: '1943-03-09', nhsNumber: '999 000 1480',
      address: 'Ystafell 4, Cartref Bryn Haul, Tref Fynydd', firstLanguage: 'Welsh', welshPreferred: 'yes',
      account: 'Mr Rees says money has gone from his wallet after evening visits, and his bank card was used at night.',
      ownWords: 'He said he would look after it for me.', occurredOn: londonDate(at(0).now()), location: 'Bryn Haul care home',
      harmCategories: ['financial'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    },
    ctx,
  );
  const { reportId } = await createConcernService({ db, clock: at(0, 2), calendar }).reportToLocalAuthority(
    dsp, concern.id, { localAuthorityId, expectedVersion: 0 }, ctx,
  );
  const step = async (when: Clock, caller: Caller, type: AdultUserCommandType, input: Record<string, unknown>) => {
    const cases = createCaseService({ db, clock: when });
    const { case: c } = await cases.get(caller, reportId, ctx);
    return cases.execute(caller, reportId, type, { ...input, expectedVersion: c.version }, ctx);
  };
  const noCapacityQuestion = { capacityAssessed: false, capacityDecision: '', capacityAssessedBy: '', capacityOutcome: null, bestInterests: '' };
  await step(at(0, 4), duty, 'record_initial_checks', {
    consent: 'given', ...noCapacityQuestion, crimeSuspected: true, policeInformed: true, othersAtRisk: true,
    othersAtRiskDetails: 'The same worker visits other residents in the evening.', categories: ['financial'],
    summary: 'Mr Rees agrees to enquiries; police told (theft suspected); other residents may be at risk.',
  });
  await step(at(0, 5), duty, 'record_decision', { decision: 'section126_enquiries', rationale: 'Reasonable cause to suspect financial abuse of an adult at risk.' });
  await step(at(1), manager, 'allocate', { workerId: worker.userId });
  await step(at(4), worker, 'record_enquiry_determination', { determination: '3', rationale: 'Adult at risk of financial abuse; action needed.' });
  await step(at(6), worker, 'record_strategy', {
    heldAt: iso(6), format: 'meeting', chairId: worker.userId,
    attendees: [{ name: 'Iwan Parry', agency: 'social_services' }, { name: 'DC Owain Hughes', agency: 'police' }, { name: 'Care home manager', agency: 'other' }],
    consent: 'given', ...noCapacityQuestion, outcome: 'investigate', criminalInvestigation: true, nonCriminalInvestigation: true,
    investigationDueDate: londonDate(at(34).now()), interimProtection: 'The worker does not visit residents while enquiries continue.',
    leadPractitionerId: worker.userId, summary: 'Police to investigate theft; the provider to review finances and rotas.',
  });
  await step(at(7), worker, 'offer_advocacy', { kind: 'independent_professional', offeredOn: londonDate(at(7).now()), accepted: true, advocate: 'Eirlys Jones, advocacy service' });

  // The same worker's conduct is a Section 5 matter: the designated officer leads it.
  const allegations = createAllegationService({ db, clock: at(3) });
  const { id } = await allegations.open(
    dos,
    {
      subjectName: 'Rhys Morgan', subjectRole: 'Care worker', employer: 'Cartref Bryn Haul', employmentType: 'agency',
      subjectEmail: '', context: 'work', criteria: ['harm', 'offence'], concernAroseAt: iso(0), raisedBy: 'Designated safeguarding person, Bryn Haul',
      notifiedAt: iso(0, 3), summary: 'Money missing from a resident after evening visits by this worker.',
    },
    ctx,
  );
  const allegationStep = async (when: Clock, caller: Caller, type: AllegationStepType, input: Record<string, unknown>) => {
    const service = createAllegationService({ db, clock: when });
    const { allegation } = await service.get(caller, id, ctx);
    return service.execute(caller, id, type, { ...input, expectedVersion: allegation.version }, ctx);
  };
  await allegationStep(at(3, 1), dos, 'record_strategy_discussion', {
    heldAt: iso(1), thresholdMet: true,
    attendees: [{ name: 'Dafydd Price', agency: 'designated_officer' }, { name: 'DC Owain Hughes', agency: 'police' }, { name: 'Home manager', agency: 'employer' }],
    interimSafeguards: 'Not placed at Bryn Haul or with adults at risk while enquiries continue.', sharing: 'The worker is told that concerns have been raised.',
    employerRecord: '', summary: 'Threshold met (criteria 1 and 2); strategy meeting to follow.',
  });
  await allegationStep(at(3, 2), dos, 'add_member', { email: 'manager@sirfynydd.example' });
  await allegationStep(at(5), dos, 'record_strategy_meeting', {
    heldAt: iso(5), attendees: [{ name: 'Dafydd Price', agency: 'designated_officer' }, { name: 'DC Owain Hughes', agency: 'police' }, { name: 'Agency HR', agency: 'employer' }, { name: 'Care Inspectorate Wales', agency: 'ciw' }],
    criminal: 'open', disciplinary: 'open', protection: 'open', nextMeetingOn: londonDate(at(33).now()),
    summary: 'Police investigating; the agency has suspended the worker; adult protection enquiries continue.',
  });
  await allegationStep(at(8), manager, 'link_case', { caseId: reportId });
}
