import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import { findUserByEmail } from '../store/users.repository.js';
import { londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import { toCaller } from './auth.service.js';
import { createConcernService } from './concern.service.js';
import { createReportService } from './report.service.js';
import { createCaseService } from './case.service.js';
import { createCaseAccessService } from './case-access.service.js';
import type { Caller, RequestContext } from './context.js';

/**
 * Access by relationship in the demonstration (DESIGN.md, Access), made through the
 * services like everything else: the teacher joins the first demo child's core group (so
 * she reads that case, and only that one); the child's address is hidden from all but
 * the team manager and the allocated worker; and one new case is restricted to the team
 * manager and its allocated worker, because the child's mother works in the team.
 */
export async function loadDemoAccess(
  db: Db,
  clock: Clock,
  calendar: WorkingDayCalendar,
  localAuthorityId: string,
  family: { firstChildCaseId: string },
): Promise<void> {
  const ctx: RequestContext = { requestId: 'demo-data', ip: null };
  const who = async (email: string): Promise<Caller> => toCaller((await findUserByEmail(db, email))!);
  const manager = await who('manager@sirfynydd.example');
  const access = createCaseAccessService({ db, clock });
  const cerys = family.firstChildCaseId;

  await access.change(manager, cerys, 'add_member', { email: 'athro@glanymor.example', relationship: 'core_group' }, ctx);
  await access.change(manager, cerys, 'hide_address', { reason: 'The family has moved to a refuge; the address must not reach the father.' }, ctx);
  await access.change(manager, cerys, 'add_reader', { email: 'social.worker@sirfynydd.example' }, ctx);

  // A new report, decided by the duty social worker, allocated, then restricted.
  const teacher = await who('athro@glanymor.example');
  const dsp = await who('dsp@glanymor.example');
  const concerns = createConcernService({ db, clock, calendar });
  const concern = await concerns.raise(
    teacher,
    {
      subjectKind: 'child', fullName: 'Efa Vaughan', birthKnowledge: 'date_of_birth', dateOfBirth: '2014-11-08', nhsNumber: '999 000 1855',
      address: '5 Maes yr Eglwys, Tref Fynydd', firstLanguage: 'English', welshPreferred: 'no',
      account: 'Efa has had bruises on her wrists twice this month and will not say how she got them.',
      occurredOn: londonDate(clock.now()), harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    },
    ctx,
  );
  const { reportId } = await concerns.reportToLocalAuthority(dsp, concern.id, { localAuthorityId, expectedVersion: 0 }, ctx);
  await createReportService({ db, clock, calendar }).recordDecision(
    await who('duty@sirfynydd.example'),
    reportId,
    { decision: 'strategy_discussion', rationale: 'Repeated unexplained bruising.', crimeSuspected: false, expectedVersion: 0 },
    ctx,
  );
  const cases = createCaseService({ db, clock });
  const worker = await who('social.worker@sirfynydd.example');
  const { case: efa } = await cases.get(manager, reportId, ctx);
  await cases.execute(manager, reportId, 'allocate', { workerId: worker.userId, expectedVersion: efa.version }, ctx);
  await access.change(manager, reportId, 'restrict', { reason: "The child's mother works in the authority's children's services team." }, ctx);
}
