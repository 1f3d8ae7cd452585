import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';
import { Client, pageText, startHarness, type Harness, type Response } from '../support/harness.js';
import { ALLEGATION_COMMAND_TYPES, ALLEGATION_OUTCOMES, ALLEGATION_STAGES } from '../../src/domain/cases/allegation.model.js';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';
import { ALLEGATION_FORMS, allegationFormMessageKeys, allegationSlugOf, allegationStepOfSlug, type AllegationFormType } from '../../src/web/forms/allegation-forms.js';

/** Form fields of a date-and-time question: London wall-clock time, as a person types it. */
function when(name: string, date: string, time: string): Record<string, string> {
  const [year, month, day] = date.split('-') as [string, string, string];
  const [hour, minute] = time.split(':') as [string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year, [`${name}-hour`]: hour, [`${name}-minute`]: minute };
}

function on(name: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-') as [string, string, string];
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** One box per agency: the names of who took part from it. */
function people(byAgency: Record<string, string>, name = 'attendees'): Record<string, string> {
  return Object.fromEntries(Object.entries(byAgency).map(([agency, names]) => [`${name}-${agency}`, names]));
}

function versionOn(page: Response): string {
  const m = /name="expectedVersion" value="(\d+)"/.exec(page.body);
  assert.ok(m, `a form with the allegation's version: ${pageText(page.body).slice(0, 300)}`);
  return m[1]!;
}

/** The error summary's messages, in order. */
function errorSummary(page: Response): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(page.body);
  return summary ? [...summary[1]!.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${pageText(m[2]!)}`) : [];
}

const NOTIFICATION = {
  subjectName: 'Megan Jones',
  subjectRole: 'Class teacher',
  employer: 'Ysgol Glan y Môr',
  employmentType: 'employee',
  subjectEmail: 'athro@glanymor.example',
  context: 'work',
  criteria: ['harm', 'unsuitable'],
  ...when('concernAroseAt', '2026-11-16', '15:30'),
  raisedBy: 'Rhys Williams, designated safeguarding person, Ysgol Glan y Môr',
  ...when('notifiedAt', '2026-11-17', '09:00'),
  summary: 'A pupil says the teacher grabbed his arm hard enough to leave a mark, after a lesson on Monday.',
};

describe('allegation forms (pure)', () => {
  it('has a page for every step, with every title, label, hint and option in English and Welsh', () => {
    for (const type of ['open_allegation', ...ALLEGATION_COMMAND_TYPES] as AllegationFormType[]) {
      for (const key of allegationFormMessageKeys(type)) assert.ok(key in CATALOGUES.en && key in CATALOGUES.cy, `${type}: ${key}`);
      assert.ok(ALLEGATION_FORMS[type].fields.length > 0, type);
    }
    for (const type of ALLEGATION_COMMAND_TYPES) assert.equal(allegationStepOfSlug(allegationSlugOf(type)), type);
    assert.equal(allegationStepOfSlug('record-conference'), undefined);
    for (const stage of ALLEGATION_STAGES) assert.ok(`allegation.stage.${stage}` in CATALOGUES.cy, stage);
    for (const outcome of ALLEGATION_OUTCOMES) assert.ok(`allegation.outcome.${outcome}.hint` in CATALOGUES.cy, outcome);
  });
});

for (const engine of ENGINES) {
  describe(`allegation pages (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function signedIn(email: string, locale?: 'cy'): Promise<Client> {
      const c = new Client(h.app);
      if (locale) c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303);
      return c;
    }

    async function row(id: string) {
      return h.handle.db.selectFrom('allegations').select(['stage', 'version', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
    }
    const count = async () => Number((await h.handle.db.selectFrom('allegations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    /** Open a step's page, then send its form with the version the page was rendered from. */
    async function takeStep(c: Client, id: string, slug: string, form: Record<string, string | string[]>): Promise<Response> {
      const page = await c.get(`/allegations/${id}/steps/${slug}`);
      assert.equal(page.status, 200, `${slug}: ${pageText(page.body).slice(0, 600)}`);
      return c.post(`/allegations/${id}/steps/${slug}`, { expectedVersion: versionOn(page), ...form });
    }

    async function expectSaved(res: Response, id: string): Promise<void> {
      assert.equal(res.status, 303, errorSummary(res).join('\n') || pageText(res.body).slice(0, 1200));
      assert.equal(res.headers.location, `/allegations/${id}`);
    }

    async function notify(lead: Client, form: Record<string, string | string[]> = NOTIFICATION): Promise<string> {
      await lead.get('/allegations/new');
      const res = await lead.post('/allegations/new', form);
      assert.equal(res.status, 303, errorSummary(res).join('\n'));
      const id = /^\/allegations\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
      assert.ok(id, String(res.headers.location));
      return id;
    }

    it('takes an allegation from notification through meetings and outcome to referrals and closure', async () => {
      const lead = await signedIn('dos@sirfynydd.example');
      const list = await lead.get('/allegations');
      assert.equal(list.status, 200);
      assert.match(pageText(list.body), /Allegations about practitioners .* Record a notification/);
      assert.match(list.body, /class="govuk-service-navigation__link" href="\/allegations"/, 'the lead has the Allegations area in the navigation');

      // The notification: an empty form shows every problem and records nothing.
      const before = await count();
      const empty = await lead.post('/allegations/new', {});
      assert.equal(empty.status, 400);
      assert.deepEqual(errorSummary(empty), [
        "#subjectName Enter the name of the person the allegation is about",
        '#subjectRole Enter their job or role',
        '#employer Enter the employer or organisation',
        '#employmentType Select how they are employed',
        '#context Select where the conduct happened',
        '#criteria Select at least one threshold criterion',
        '#concernAroseAt-day Enter when the concern arose',
        '#raisedBy Enter who raised it',
        '#notifiedAt-day Enter when you were told',
        '#summary Enter what is alleged',
      ]);
      assert.match(empty.body, /<title>Error: Record a notification about a practitioner/);
      // Dates that are not real, told before it arose, an unknown account: each said, the answers kept.
      const wrong = await lead.post('/allegations/new', { ...NOTIFICATION, ...when('concernAroseAt', '2026-02-30', '10:00') });
      assert.equal(wrong.status, 400);
      assert.deepEqual(errorSummary(wrong), ['#concernAroseAt-day When the concern arose must be a real date and a time on the 24-hour clock']);
      assert.match(wrong.body, /value="Megan Jones"/);
      assert.match(wrong.body, /name="criteria" type="checkbox" value="unsuitable" checked/);
      const unknown = await lead.post('/allegations/new', { ...NOTIFICATION, subjectEmail: 'nobody@example.org' });
      assert.deepEqual(errorSummary(unknown), ['#subjectEmail There is nobody in Diogel with this email address. Leave it blank if they do not use Diogel']);
      const early = await lead.post('/allegations/new', { ...NOTIFICATION, ...when('notifiedAt', '2026-11-16', '09:00') });
      assert.deepEqual(errorSummary(early), ['#notifiedAt-day You cannot have been told before the concern arose']);
      assert.equal(await count(), before, 'nothing is recorded while the form has problems');

      const id = await notify(lead);
      let page = await lead.get(`/allegations/${id}`);
      assert.equal(page.status, 200);
      let text = pageText(page.body);
      for (const expected of [
        'Allegation about a practitioner Megan Jones Strategy discussion due',
        'Diogel account Has an account: they cannot see this allegation',
        'They have harmed, or may have harmed, a child or adult at risk',
        'Concern arose 16 November 2026 at 15:30',
        'Designated officer told 17 November 2026 at 09:00',
        'Stopped 17 November 2026: the designated officer was told',
        'What you can do next Add someone to this allegation Record the professional strategy discussion Add a note',
      ]) assert.ok(text.includes(expected), `${expected} in ${text}`);

      // The lead adds the duty social worker; the subject cannot be added to their own allegation.
      const subject = await takeStep(lead, id, 'add-member', { email: 'athro@glanymor.example' });
      assert.equal(subject.status, 400);
      assert.deepEqual(errorSummary(subject), ['#email The person the allegation is about cannot be added to it']);
      await expectSaved(await takeStep(lead, id, 'add-member', { email: 'social.worker@sirfynydd.example' }), id);

      // Without the police the discussion cannot be recorded; the answers are kept.
      const noPolice = await takeStep(lead, id, 'record-strategy-discussion', {
        ...when('heldAt', '2026-11-17', '09:30'), ...people({ designated_officer: 'Dafydd Price', employer: 'Headteacher' }),
        thresholdMet: 'yes', interimSafeguards: 'The teacher works away from pupils while enquiries continue.', sharing: '', summary: 'Threshold met.',
      });
      assert.equal(noPolice.status, 400);
      assert.deepEqual(errorSummary(noPolice), ['#attendees-designated_officer Enter who took part from the police: the police always take part in a professional strategy discussion']);
      assert.match(noPolice.body, /id="attendees-employer"[^>]*value="Headteacher"/);
      assert.equal((await row(id)).stage, 'notified');
      await expectSaved(await takeStep(lead, id, 'record-strategy-discussion', {
        ...when('heldAt', '2026-11-17', '09:30'), ...people({ designated_officer: 'Dafydd Price', police: 'DC Carys Bowen', employer: 'Headteacher' }),
        thresholdMet: 'yes', interimSafeguards: 'The teacher works away from pupils while enquiries continue.', sharing: 'The teacher is told only that a concern has been raised.',
        summary: 'Threshold met: a strategy meeting follows.',
      }), id);
      assert.equal((await row(id)).stage, 'meetings');

      // The member sees the allegation and links a case they work on, but may not hold meetings.
      const member = await signedIn('social.worker@sirfynydd.example');
      assert.match((await member.get('/')).body, /class="govuk-service-navigation__link" href="\/allegations"/, 'a member has the Allegations area in the navigation');
      page = await member.get(`/allegations/${id}`);
      assert.equal(page.status, 200);
      assert.match(pageText(page.body), /What you can do next Link a case Update a track Record a referral Add a note/);
      const refused = await member.get(`/allegations/${id}/steps/record-strategy-meeting`);
      assert.equal(refused.status, 403);
      assert.match(pageText(refused.body), /Only the designated officer can take this step .*leading this allegation/);
      const version = (await row(id)).version;
      const forced = await member.post(`/allegations/${id}/steps/record-strategy-meeting`, {
        expectedVersion: String(version), ...when('heldAt', '2026-11-17', '11:00'), ...people({ designated_officer: 'Iwan Parry' }),
        criminal: 'open', disciplinary: 'open', protection: 'open', ...on('nextMeetingOn', '2026-12-01'), summary: 'Not mine to record.',
      });
      assert.equal(forced.status, 403);
      assert.equal((await row(id)).version, version, 'a refused step changes nothing');
      const linkPage = await member.get(`/allegations/${id}/steps/link-case`);
      const caseId = /<option value="([0-9a-f-]{36})"/.exec(linkPage.body)?.[1];
      assert.ok(caseId, 'the member can choose a case they work on');
      await expectSaved(await member.post(`/allegations/${id}/steps/link-case`, { expectedVersion: versionOn(linkPage), caseId }), id);
      const casePage = await member.get(`/cases/${caseId}`);
      assert.match(pageText(casePage.body), /Linked allegations about practitioners .* Allegation about Megan Jones Strategy meetings/);
      const duty = await signedIn('duty@sirfynydd.example');
      const dutyCase = await duty.get(`/cases/${caseId}`);
      assert.equal(dutyCase.status, 200);
      assert.doesNotMatch(dutyCase.body, /Megan Jones|Linked allegations|\/allegations/, 'someone outside the allegation sees no trace of it on the case');

      // The first meeting: three tracks; a track under way needs the next meeting's date.
      const noNext = await takeStep(lead, id, 'record-strategy-meeting', {
        ...when('heldAt', '2026-11-17', '09:50'), ...people({ designated_officer: 'Dafydd Price', police: 'DC Carys Bowen', employer: 'Headteacher', social_services: 'Iwan Parry' }),
        criminal: 'open', disciplinary: 'open', protection: 'not_needed', summary: 'Police to interview the pupil; the school suspends the teacher on full pay.',
      });
      assert.deepEqual(errorSummary(noNext), ['#nextMeetingOn-day Enter the date of the next meeting: a track is still under way']);
      await expectSaved(await takeStep(lead, id, 'record-strategy-meeting', {
        ...when('heldAt', '2026-11-17', '09:50'), ...people({ designated_officer: 'Dafydd Price', police: 'DC Carys Bowen', employer: 'Headteacher', social_services: 'Iwan Parry' }),
        criminal: 'open', disciplinary: 'open', protection: 'not_needed', ...on('nextMeetingOn', '2026-12-01'),
        summary: 'Police to interview the pupil; the school suspends the teacher on full pay.',
      }), id);
      text = pageText((await lead.get(`/allegations/${id}`)).body);
      assert.ok(text.includes('Tracks Criminal investigation Under way Employment and disciplinary process Under way Child or adult protection Not needed'), text);
      assert.ok(text.includes('Next meeting Tuesday, 1 December 2026'), text);

      // A stale form: someone else changed the allegation meanwhile, so the answers come back to copy.
      const stalePage = await lead.get(`/allegations/${id}/steps/add-note`);
      await expectSaved(await takeStep(member, id, 'update-track', { track: 'criminal', status: 'concluded', summary: 'The police will take no further action.' }), id);
      const stale = await lead.post(`/allegations/${id}/steps/add-note`, { expectedVersion: versionOn(stalePage), ...on('occurredOn', '2026-11-17'), summary: 'Spoke to the headteacher.' });
      assert.equal(stale.status, 409);
      assert.match(pageText(stale.body), /Spoke to the headteacher\./);

      // The concluding meeting waits for every track under way.
      const early2 = await lead.get(`/allegations/${id}/steps/record-concluding-meeting`);
      assert.equal(early2.status, 409);
      assert.match(pageText(early2.body), /A track is still under way/);
      await expectSaved(await takeStep(member, id, 'update-track', { track: 'disciplinary', status: 'concluded', summary: 'Disciplinary hearing held; dismissed.' }), id);
      await expectSaved(await takeStep(member, id, 'add-referral', { body: 'dbs', responsible: 'employer', reason: 'Dismissed because of harm to a pupil.' }), id);
      h.clock.set(new Date('2026-11-30T10:00:00Z'));
      for (const [c, email] of [[lead, 'dos@sirfynydd.example'], [member, 'social.worker@sirfynydd.example']] as const) assert.equal((await c.signIn(email)).status, 303);
      await expectSaved(await takeStep(lead, id, 'record-concluding-meeting', {
        ...when('heldAt', '2026-11-30', '09:00'), ...people({ designated_officer: 'Dafydd Price', police: 'DC Carys Bowen', employer: 'Headteacher' }),
        outcome: 'substantiated', consensus: 'yes', rationale: 'The pupil’s account, a witness and the mark support it.',
      }), id);
      const concluded = await row(id);
      assert.deepEqual([concluded.stage, concluded.outcome], ['concluded', 'substantiated']);

      // Referrals: another to Social Care Wales; the allegation cannot close while one is open.
      const regulator = await takeStep(lead, id, 'add-referral', { body: 'other_regulator', bodyName: '', responsible: 'designated_officer', reason: 'Registered teacher.' });
      assert.deepEqual(errorSummary(regulator), ['#bodyName Enter the name of the regulator']);
      await expectSaved(await takeStep(lead, id, 'add-referral', { body: 'other_regulator', bodyName: 'Education Workforce Council', responsible: 'designated_officer', reason: 'Registered teacher.' }), id);
      const closeEarly = await lead.get(`/allegations/${id}/steps/close-allegation`);
      assert.equal(closeEarly.status, 409);
      assert.match(pageText(closeEarly.body), /Record that every referral has been made before closing the allegation/);
      for (const reference of ['DBS-2026-0042', 'EWC-77']) {
        const form = await member.get(`/allegations/${id}/steps/complete-referral`);
        const referralId = /name="referralId" type="radio" value="([0-9a-f-]{36})"/.exec(form.body)?.[1];
        assert.ok(referralId);
        await expectSaved(await member.post(`/allegations/${id}/steps/complete-referral`, { expectedVersion: versionOn(form), referralId, ...on('completedOn', '2026-11-30'), reference }), id);
      }
      await expectSaved(await takeStep(lead, id, 'close-allegation', { rationale: 'Outcome substantiated; the teacher was dismissed and both referrals were made.' }), id);
      text = pageText((await lead.get(`/allegations/${id}`)).body);
      for (const expected of [
        'Megan Jones Closed Substantiated',
        'Outcome Substantiated Agreed by the group Yes',
        'Disclosure and Barring Service (DBS) The employer Dismissed because of harm to a pupil. Made On 30 November 2026, reference DBS-2026-0042',
        'Education Workforce Council The designated officer Registered teacher. Made On 30 November 2026, reference EWC-77',
        'Closure Closed 30 November 2026 at 10:00',
        'What you can do next Add a note',
      ]) assert.ok(text.includes(expected), `${expected} in ${text}`);

      // Who has seen it: for the lead, and no one else.
      const seen = await lead.get(`/allegations/${id}/who-has-seen`);
      assert.equal(seen.status, 200);
      assert.match(pageText(seen.body), /Iwan Parry – Duty social worker, Sir Fynydd County Council Linked a case Allowed/);
      assert.equal((await member.get(`/allegations/${id}/who-has-seen`)).status, 404);
    });

    it('records a decision below the threshold against the employee, and closes', async () => {
      h.clock.set(new Date('2026-11-17T10:00:00Z'));
      const lead = await signedIn('dos@sirfynydd.example');
      const id = await notify(lead, {
        ...NOTIFICATION, subjectName: 'Alun Price', subjectRole: 'Volunteer football coach', employer: 'Clwb Pêl-droed Tref Fynydd', employmentType: 'volunteer',
        subjectEmail: '', context: 'private_life', criteria: ['unsuitable'],
      });
      const discussion = {
        ...when('heldAt', '2026-11-17', '09:45'), ...people({ designated_officer: 'Dafydd Price', police: 'PC Rhian Owen', employer: 'Club welfare officer' }),
        thresholdMet: 'no', summary: 'Inappropriate messages to an adult player; no child or adult at risk involved.',
      };
      const missing = await takeStep(lead, id, 'record-strategy-discussion', discussion);
      assert.deepEqual(errorSummary(missing), ["#employerRecord Enter what will be recorded on the employee's record"]);
      assert.match(missing.body, /name="thresholdMet" type="radio" value="no" checked/);
      await expectSaved(await takeStep(lead, id, 'record-strategy-discussion', { ...discussion, employerRecord: 'Advice on conduct with players given and recorded by the club.' }), id);
      let text = pageText((await lead.get(`/allegations/${id}`)).body);
      assert.ok(text.includes("Threshold for strategy meetings Not met Recorded on the employee's record Advice on conduct with players given and recorded by the club."), text);
      assert.ok(text.includes('What you can do next Add someone to this allegation Close the allegation Add a note'), text);
      assert.equal((await lead.get(`/allegations/${id}/steps/record-strategy-meeting`)).status, 409);
      await expectSaved(await takeStep(lead, id, 'close-allegation', { rationale: 'Below the threshold; advice given.' }), id);
      assert.equal((await row(id)).stage, 'closed');
      text = pageText((await lead.get('/allegations')).body);
      assert.ok(text.includes('Alun Price Clwb Pêl-droed Tref Fynydd Closed Not decided yet Nothing due'), text);
    });

    it('shows the pages in Welsh, with Welsh errors', async () => {
      const lead = await signedIn('dos@sirfynydd.example', 'cy');
      const list = await lead.get('/allegations');
      assert.match(pageText(list.body), /Honiadau am ymarferwyr .* Cofnodi hysbysiad/);
      const empty = await lead.post('/allegations/new', {});
      assert.match(pageText(empty.body), /Mae problem wedi codi Rhowch enw'r unigolyn y mae'r honiad amdano/);
      assert.match(empty.body, /<title>Gwall: Cofnodi hysbysiad am ymarferydd/);
      const id = /href="\/allegations\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
      const page = pageText((await lead.get(`/allegations/${id}`)).body);
      assert.match(page, /Honiad am ymarferydd .* Am bwy mae'r honiad .* Trafodaeth strategaeth broffesiynol/);
    });

    it('keeps the Allegations area and every allegation away from everyone else', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const home = await duty.get('/');
      assert.doesNotMatch(home.body, /href="\/allegations"/);
      assert.equal((await duty.get('/allegations')).status, 404);
      assert.equal((await duty.get('/allegations/new')).status, 404);
      const teacher = await signedIn('athro@glanymor.example');
      assert.equal((await teacher.get('/allegations')).status, 404, 'the subject does not see the area');
      const created = await teacher.post('/allegations/new', NOTIFICATION);
      assert.equal(created.status, 404);
    });
  });
}
