import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import { countOrganisations, insertOrganisation } from '../store/organisations.repository.js';
import { findUserByEmail, insertUser } from '../store/users.repository.js';
import { insertMfa, usersWithoutMfa } from '../store/mfa.repository.js';
import { sealSecret } from '../platform/secret-box.js';
import { FixedClock, type Clock } from '../platform/clock.js';
import { londonDate, type WorkingDayCalendar } from '../domain/calendar/working-days.js';
import type { Role } from '../domain/access-policy.js';
import { hashPassword, toCaller } from './auth.service.js';
import { createConcernService } from './concern.service.js';
import type { RequestContext } from './context.js';
import { loadDemoFamily } from './demo-cases.js';
import { loadDemoAdult } from './demo-adults.js';
import { loadDemoAccess } from './demo-access.js';

/**
 * Fictional demonstration data: two local authorities, a school, a care home, one
 * user per role and a few concerns in different states. Everything is created
 * through the services, so each record is valid and audited. NHS numbers are from the
 * 999 range the NHS keeps for test data (valid check digits, never issued to anyone).
 */
export const DEMO_PASSWORD = 'diogel demo passphrase';

/**
 * Each demo user's authenticator secret, worked out from their address so that anyone
 * trying Diogel can get a code without the database (which the running server holds
 * locked): `npx diogel demo-code <email>`. Public by design, like the demo password;
 * accounts created any other way get a random secret when they set up their app.
 */
export function demoTotpSecret(email: string): Buffer {
  return createHash('sha256').update(`diogel demo totp:${email.toLowerCase()}`).digest().subarray(0, 20);
}

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role; org: keyof typeof ORGS }> = [
  { email: 'athro@glanymor.example', name: 'Megan Jones', role: 'practitioner', org: 'school' },
  { email: 'dsp@glanymor.example', name: 'Rhys Williams', role: 'designated_safeguarding_person', org: 'school' },
  { email: 'gofalwr@brynhaul.example', name: 'Siân Evans', role: 'practitioner', org: 'careHome' },
  { email: 'dsp@brynhaul.example', name: 'Gareth Morgan', role: 'designated_safeguarding_person', org: 'careHome' },
  { email: 'duty@sirfynydd.example', name: 'Nia Roberts', role: 'duty_social_worker', org: 'sirFynydd' },
  { email: 'manager@sirfynydd.example', name: 'Owain Davies', role: 'team_manager', org: 'sirFynydd' },
  { email: 'senior@sirfynydd.example', name: 'Mair Griffiths', role: 'senior_manager', org: 'sirFynydd' },
  { email: 'social.worker@sirfynydd.example', name: 'Iwan Parry', role: 'duty_social_worker', org: 'sirFynydd' },
  { email: 'chair@sirfynydd.example', name: 'Elin Hughes', role: 'conference_chair', org: 'sirFynydd' },
  { email: 'dos@sirfynydd.example', name: 'Dafydd Price', role: 'allegations_lead', org: 'sirFynydd' },
  { email: 'analyst@sirfynydd.example', name: 'Catrin Lewis', role: 'board_analyst', org: 'sirFynydd' },
  { email: 'admin@sirfynydd.example', name: 'Tomos Thomas', role: 'administrator', org: 'sirFynydd' },
  { email: 'duty@caerwen.example', name: 'Ffion Jenkins', role: 'duty_social_worker', org: 'caerwen' },
  { email: 'chair@caerwen.example', name: 'Bethan Rees', role: 'conference_chair', org: 'caerwen' },
];

const ORGS = {
  sirFynydd: { id: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0001', nameEn: 'Sir Fynydd County Council', nameCy: 'Cyngor Sir Fynydd', kind: 'local_authority', localAuthorityId: null },
  caerwen: { id: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0002', nameEn: 'Caerwen City Council', nameCy: 'Cyngor Dinas Caerwen', kind: 'local_authority', localAuthorityId: null },
  school: { id: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0003', nameEn: 'Ysgol Glan-y-Môr', nameCy: 'Ysgol Glan-y-Môr', kind: 'school', localAuthorityId: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0001' },
  careHome: { id: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0004', nameEn: 'Bryn Haul Care Home', nameCy: 'Cartref Gofal Bryn Haul', kind: 'care_provider', localAuthorityId: '6f1f3c1e-0d7a-4b8e-9a51-1d0c6d3a0001' },
} as const;

export const DEMO_ORGANISATIONS = ORGS;

/**
 * Give every demo user who has no authenticator app yet their demo secret: new demo data,
 * and demo data loaded before sign-in needed a code (so `diogel demo-code` works for it too).
 */
export async function enrolDemoUsers(db: Db, clock: Clock, mfaKey: Buffer): Promise<number> {
  // One query finds who still needs one (at every start, usually nobody).
  const missing = await usersWithoutMfa(db, DEMO_USERS.map((u) => u.email));
  for (const user of missing) {
    await insertMfa(db, { userId: user.id, sealedSecret: sealSecret(mfaKey, demoTotpSecret(user.email), user.id), enrolledAt: clock.now(), lastUsedStep: null });
  }
  return missing.length;
}

/** `mfaKey` seals the demo users' authenticator secrets, as for any account (platform/mfa-key.ts). */
export async function loadDemoData(db: Db, clock: Clock, calendar: WorkingDayCalendar, mfaKey: Buffer): Promise<{ loaded: boolean }> {
  if ((await countOrganisations(db)) > 0) return { loaded: false };
  for (const org of Object.values(ORGS)) await insertOrganisation(db, { ...org });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await insertUser(db, { id: randomUUID(), email: u.email, name: u.name, passwordHash, role: u.role, organisationId: ORGS[u.org].id });
  }
  await enrolDemoUsers(db, clock, mfaKey);
  const caller = async (email: string) => toCaller((await findUserByEmail(db, email))!);
  const ctx: RequestContext = { requestId: 'demo-data', ip: null };
  const now = clock.now();

  // A report received five days ago and still undecided: shown as overdue.
  const past = new FixedClock(new Date(now.getTime() - 5 * 86_400_000));
  const pastConcerns = createConcernService({ db, clock: past, calendar });
  const today = createConcernService({ db, clock, calendar });

  const teacher = await caller('athro@glanymor.example');
  const schoolDsp = await caller('dsp@glanymor.example');
  const carer = await caller('gofalwr@brynhaul.example');
  const homeDsp = await caller('dsp@brynhaul.example');

  const overdue = await pastConcerns.raise(
    teacher,
    {
      subjectKind: 'child', fullName: 'Osian Pritchard', birthKnowledge: 'date_of_birth', dateOfBirth: '2016-04-12', nhsNumber: '999 000 0743',
      address: '3 Heol y Felin, Tref Fynydd', firstLanguage: 'Welsh', welshPreferred: 'yes',
      account: 'Osian arrived at school hungry for the third day running and had a bruise on his forearm. He said he fell.',
      ownWords: 'Dad said not to tell anyone.', occurredOn: londonDate(past.now()), location: 'Classroom 4',
      harmCategories: ['physical', 'neglect'], specificRisks: [], immediateDanger: false, personKnows: 'no',
      personNotToldReason: 'Telling the family could put Osian at greater risk.',
    },
    ctx,
  );
  await pastConcerns.reportToLocalAuthority(schoolDsp, overdue.id, { localAuthorityId: ORGS.sirFynydd.id, expectedVersion: 0 }, ctx);

  await today.raise(
    teacher,
    {
      subjectKind: 'child', fullName: 'Lili Rowlands', birthKnowledge: 'date_of_birth', dateOfBirth: '2012-09-30',
      welshPreferred: 'not_known', account: 'Lili told me an adult she met online has asked her to meet him alone.',
      harmCategories: ['sexual'], specificRisks: ['online_abuse', 'child_sexual_exploitation'], immediateDanger: false,
      personKnows: 'yes',
    },
    ctx,
  );

  const adult = await today.raise(
    carer,
    {
      subjectKind: 'adult', fullName: 'Glenys Parry', birthKnowledge: 'date_of_birth', dateOfBirth: '1941-02-03', nhsNumber: '9990001111',
      address: 'Bryn Haul Care Home, Room 12', firstLanguage: 'Welsh', welshPreferred: 'yes', communicationNeeds: 'Hearing aid; speaks slowly',
      account: 'A relative has been taking Glenys\'s bank card and she has been unable to pay for her newspaper.',
      ownWords: 'He says it is for my own good.', harmCategories: ['financial'], specificRisks: [], immediateDanger: false,
      personKnows: 'yes',
    },
    ctx,
  );
  await today.reportToLocalAuthority(homeDsp, adult.id, { localAuthorityId: ORGS.sirFynydd.id, expectedVersion: 0 }, ctx);
  // A family already on the register, so the case pages, work tray and register have something to show.
  const family = await loadDemoFamily(db, clock, calendar, ORGS.sirFynydd.id);
  await loadDemoAdult(db, clock, calendar, ORGS.sirFynydd.id);
  // A teacher on a core group, a hidden address and a restricted case (DESIGN.md, Access).
  await loadDemoAccess(db, clock, calendar, ORGS.sirFynydd.id, family);
  return { loaded: true };
}
