import { FixedClock, type Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import { findUserByEmail } from '../store/users.repository.js';
import { londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import type { UserCommandType } from '../domain/cases/child-protection.commands.js';
import { toCaller } from './auth.service.js';
import { createConcernService } from './concern.service.js';
import { createReportService } from './report.service.js';
import { createCaseService } from './case.service.js';
import type { Caller, RequestContext } from './context.js';

/**
 * A fictional family for the demonstration: two children of one household, reported five
 * weeks ago, taken through a strategy discussion, a joint section 47 enquiry and an
 * initial conference that registered both, each decision made separately. Everything
 * goes through the services at the time it happened, so every clock is real.
 */
export async function loadDemoFamily(
  db: Db,
  clock: Clock,
  calendar: WorkingDayCalendar,
  localAuthorityId: string,
): Promise<{ firstChildCaseId: string; secondChildCaseId: string }> {
  const ctx: RequestContext = { requestId: 'demo-data', ip: null };
  const who = async (email: string): Promise<Caller> => toCaller((await findUserByEmail(db, email))!);
  const teacher = await who('athro@glanymor.example');
  const dsp = await who('dsp@glanymor.example');
  const duty = await who('duty@sirfynydd.example');
  const chair = await who('chair@sirfynydd.example');
  const coordinator = await who('social.worker@sirfynydd.example');
  const day = 86_400_000;
  const start = clock.now().getTime() - 35 * day;
  const at = (days: number, hours = 0) => new FixedClock(new Date(start + days * day + hours * 3_600_000));

  const c0 = at(0);
  const concern = await createConcernService({ db, clock: c0, calendar }).raise(
    teacher,
    {
      subjectKind: 'child', fullName: 'Cerys Jenkins', birthKnowledge: 'date_of_birth', dateOfBirth: '2017-06-02', nhsNumber: '999 000 0379',
      address: '12 Stryd y Bont, Tref Fynydd', firstLanguage: 'Welsh', welshPreferred: 'yes',
      account: 'Cerys said there has been no food at home since the weekend and that she looks after her brother at night.',
      ownWords: 'Mam sleeps all day.', occurredOn: londonDate(c0.now()), location: 'School office',
      harmCategories: ['neglect', 'emotional_psychological'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    },
    ctx,
  );
  const { reportId } = await createConcernService({ db, clock: at(0, 1), calendar }).reportToLocalAuthority(
    dsp, concern.id, { localAuthorityId, expectedVersion: 0 }, ctx,
  );
  await createReportService({ db, clock: at(0, 3), calendar }).recordDecision(
    duty, reportId, { decision: 'strategy_discussion', rationale: 'Two young children left without care at night.', expectedVersion: 0 }, ctx,
  );

  const step = async (when: Clock, caller: Caller, id: string, type: UserCommandType, input: Record<string, unknown>) => {
    const cases = createCaseService({ db, clock: when });
    const { case: c } = await cases.get(caller, id, ctx);
    return cases.execute(caller, id, type, { ...input, expectedVersion: c.version }, ctx);
  };
  const cases = createCaseService({ db, clock: at(0, 4) });
  const { case: cerys } = await cases.get(duty, reportId, ctx);
  const { caseId: dylan } = await cases.addSibling(duty, reportId, { fullName: 'Dylan Jenkins', dateOfBirth: '2020-01-15', expectedVersion: cerys.version }, ctx);
  await step(at(0, 5), duty, dylan, 'record_decision', { decision: 'strategy_discussion', rationale: 'Cared for by his sister at night.', crimeSuspected: false });

  const strategy = {
    format: 'meeting', outcome: 'section47', enquiry: 'joint', nextStep: null,
    attendees: [{ name: 'Iwan Parry', agency: 'social_services' }, { name: 'DS Rhian Owen', agency: 'police' }, { name: 'Health visitor', agency: 'health' }],
    summary: 'Joint enquiry agreed; children seen at school tomorrow.',
  };
  for (const id of [reportId, dylan]) {
    await step(at(1), duty, id, 'record_strategy_discussion', { ...strategy, heldAt: at(1).now().toISOString() });
  }
  for (const id of [reportId, dylan]) {
    await step(at(8), duty, id, 'record_section47_determination', { determination: 3, rationale: 'Neglect substantiated; continuing risk.' });
  }
  const attendees = [
    { name: 'Iwan Parry', agency: 'social_services' }, { name: 'DS Rhian Owen', agency: 'police' },
    { name: 'Health visitor', agency: 'health' }, { name: 'Rhys Williams', agency: 'education' }, { name: 'Mother', agency: 'family' },
  ];
  await step(at(9), chair, reportId, 'schedule_conference', {
    kind: 'initial', scheduledFor: at(15).now().toISOString(), invitees: attendees, siblingCaseIds: [dylan],
  });
  await step(at(15, 3), chair, reportId, 'record_conference', {
    heldAt: at(15).now().toISOString(), attendees, apologies: [], reportsReceived: ['social_services', 'health', 'education'],
    rationale: 'Both children at continuing risk of neglect.',
    decisions: {
      [reportId]: { outcome: 'register', categories: ['neglect', 'emotional'], coordinatorId: coordinator.userId, coreGroup: 'Mother, health visitor, school' },
      [dylan]: { outcome: 'register', categories: ['neglect'], coordinatorId: coordinator.userId, coreGroup: 'Mother, health visitor, nursery' },
    },
  });
  await step(at(22), duty, reportId, 'record_core_group', {
    heldAt: at(22).now().toISOString(), attendees: attendees.slice(0, 4), summary: 'Plan agreed: daily breakfast club, GP review for mother.',
  });
  return { firstChildCaseId: reportId, secondChildCaseId: dylan };
}
