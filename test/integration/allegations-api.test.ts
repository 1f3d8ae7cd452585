import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ENGINES } from '../support/db.js';
import { Client, startHarness, type Harness } from '../support/harness.js';
import { ALLEGATION_COMMAND_TYPES } from '../../src/domain/cases/allegation.model.js';

/** An allegation about a practitioner from notification to closure, entirely through the JSON API. */
const PEOPLE = [
  'dos@sirfynydd.example',
  'social.worker@sirfynydd.example',
  'duty@sirfynydd.example',
  'athro@glanymor.example',
  'duty@caerwen.example',
] as const;
type Person = (typeof PEOPLE)[number];

interface AllegationJson {
  id: string;
  version: number;
  stage: string;
  outcome: string | null;
  subject: { name: string; hasAccount: boolean };
  notification: { criteria: string[]; outOfHours: boolean };
  strategyDiscussion: { thresholdMet: boolean; employerRecord: string } | null;
  strategyMeetings: { id: string; tracks: Record<string, string>; nextMeetingOn: string | null }[];
  tracks: Record<string, string>;
  concludingMeeting: { outcome: string; consensus: boolean } | null;
  referrals: { id: string; body: string; completedOn: string | null; reference: string | null }[];
  members: { id: string; email: string }[];
  linkedCases: { id: string }[];
  clocks: { timerId: string; status: string; stopReason: string | null; dueDate: string }[];
  allowedSteps: string[];
  lead: boolean;
  closure: { rationale: string } | null;
}

const officer = { name: 'Dafydd Price', agency: 'designated_officer' };
const police = { name: 'DS Hywel Bowen', agency: 'police' };
const employer = { name: 'Home manager', agency: 'employer' };
const NOTIFICATION = {
  subjectName: 'Siân Evans',
  subjectRole: 'Care worker',
  employer: 'Cartref Bryn Haul',
  employmentType: 'employee',
  subjectEmail: 'gofalwr@brynhaul.example',
  context: 'work',
  criteria: ['harm'],
  concernAroseAt: '2026-11-16T18:30:00Z',
  raisedBy: 'Gareth Morgan, designated safeguarding person, Bryn Haul',
  notifiedAt: '2026-11-17T09:00:00Z',
  summary: 'A resident was left without help to eat for a whole shift.',
};

for (const engine of ENGINES) {
  describe(`Allegations API (${engine})`, () => {
    let h: Harness;
    const tokens = {} as Record<Person, string>;

    before(async () => {
      h = await startHarness(engine);
      for (const email of PEOPLE) {
        const c = new Client(h.app);
        await c.signIn(email);
        const page = await c.post('/account/api-tokens', { name: 'allegations API test' });
        assert.equal(page.status, 201, email);
        tokens[email] = /id="new-token">(dgl_[A-Za-z0-9_-]+)</.exec(page.body)![1]!;
      }
    });
    after(async () => h?.close());

    async function api(who: Person, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
    }
    const get = async (id: string, who: Person = 'dos@sirfynydd.example'): Promise<AllegationJson> => {
      const res = await api(who, 'GET', `/api/allegations/${id}`);
      assert.equal(res.status, 200, res.body);
      return res.json as AllegationJson;
    };
    /** Take a step with the version just read; the answer is the allegation as it now is. */
    async function step(id: string, slug: string, body: Record<string, unknown>, who: Person = 'dos@sirfynydd.example', status = 200) {
      const { version } = await get(id, who);
      const res = await api(who, 'POST', `/api/allegations/${id}/steps/${slug}`, { ...body, expectedVersion: version });
      assert.equal(res.status, status, res.body);
      return res.json as AllegationJson;
    }

    it('documents every route and step in OpenAPI', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const doc = JSON.parse(res.body) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
      for (const path of ['/allegations', '/allegations/{id}']) assert.ok(doc.paths[path], path);
      for (const type of ALLEGATION_COMMAND_TYPES) assert.ok(doc.paths[`/allegations/{id}/steps/${type.replaceAll('_', '-')}`], type);
      assert.ok(doc.components.schemas['Allegation'] && doc.components.schemas['AllegationNotification']);
    });

    it('takes an allegation from notification to closure, with members, conflicts and bad input', async () => {
      // Bad input: every problem named, nothing recorded.
      const before = (await api('dos@sirfynydd.example', 'GET', '/api/allegations')).json.items.length as number;
      const bad = await api('dos@sirfynydd.example', 'POST', '/api/allegations', { ...NOTIFICATION, criteria: [], employmentType: 'contractor', notifiedAt: 'yesterday' });
      assert.equal(bad.status, 400);
      assert.match(bad.type, /^application\/problem\+json/);
      assert.deepEqual(Object.keys(bad.json.errors).sort(), ['criteria', 'employmentType', 'notifiedAt']);
      assert.equal(bad.json.errors.criteria.code, 'error.criteria.required');
      assert.equal((await api('dos@sirfynydd.example', 'GET', '/api/allegations')).json.items.length, before);
      // Only a lead records a notification; to anyone else the address does not exist.
      const notLead = await api('duty@sirfynydd.example', 'POST', '/api/allegations', NOTIFICATION);
      assert.equal(notLead.status, 404);

      const created = await api('dos@sirfynydd.example', 'POST', '/api/allegations', NOTIFICATION);
      assert.equal(created.status, 201, created.body);
      const a0 = created.json as AllegationJson;
      assert.equal(created.headers.location, `/api/allegations/${a0.id}`);
      const id = a0.id;
      assert.equal(a0.stage, 'notified');
      assert.equal(a0.subject.hasAccount, true);
      assert.equal(a0.notification.outOfHours, true, 'a concern at 18:30 arose out of hours');
      assert.deepEqual(a0.clocks.map((c) => [c.timerId, c.status]), [['T-P1', 'met'], ['T-P2a', 'due']]);
      assert.deepEqual(a0.allowedSteps, ['add-member', 'record-strategy-discussion', 'add-note']);

      // The lead adds a social worker; the subject cannot be added.
      const subject = await step(id, 'add-member', { email: 'gofalwr@brynhaul.example' }, 'dos@sirfynydd.example', 400);
      assert.equal((subject as unknown as { errors: Record<string, { code: string }> }).errors['email']!.code, 'error.allegation.subjectCannotBeMember');
      const unknown = await step(id, 'add-member', { email: 'nobody@example.org' }, 'dos@sirfynydd.example', 400);
      assert.equal((unknown as unknown as { errors: Record<string, { code: string }> }).errors['email']!.code, 'error.memberEmail.unknown');
      let a = await step(id, 'add-member', { email: 'social.worker@sirfynydd.example' });
      assert.deepEqual(a.members.map((m) => m.email), ['social.worker@sirfynydd.example']);

      // The discussion needs the police; then the threshold is met.
      const noPolice = await step(id, 'record-strategy-discussion', {
        heldAt: '2026-11-17T09:30:00Z', attendees: [officer, employer], thresholdMet: true, interimSafeguards: 'Works days only, with a colleague.', sharing: '', employerRecord: '', summary: 'Threshold met.',
      }, 'dos@sirfynydd.example', 400);
      assert.equal((noPolice as unknown as { errors: Record<string, { code: string }> }).errors['attendees']!.code, 'error.allegation.policeAttend');
      assert.equal((await get(id)).version, a.version, 'nothing changed');
      a = await step(id, 'record-strategy-discussion', {
        heldAt: '2026-11-17T09:30:00Z', attendees: [officer, police, employer], thresholdMet: true, interimSafeguards: 'Works days only, with a colleague.', sharing: '', employerRecord: '', summary: 'Threshold met.',
      });
      assert.equal(a.stage, 'meetings');
      assert.deepEqual(a.clocks.map((c) => [c.timerId, c.status]), [['T-P1', 'met'], ['T-P2a', 'met'], ['T-P2', 'due']]);

      // The member keeps tracks, referrals and notes up to date, but may not record a meeting.
      const member = await get(id, 'social.worker@sirfynydd.example');
      assert.equal(member.lead, false);
      assert.deepEqual(member.allowedSteps, ['link-case', 'update-track', 'add-referral', 'add-note']);
      const refused = await api('social.worker@sirfynydd.example', 'POST', `/api/allegations/${id}/steps/record-strategy-meeting`, {
        heldAt: '2026-11-17T09:45:00Z', attendees: [officer], criminal: 'open', disciplinary: 'open', protection: 'open', nextMeetingOn: '2026-12-01', summary: 'x', expectedVersion: member.version,
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.reason, 'error.case.role');
      assert.equal((await get(id)).version, member.version);
      const cases = await h.handle.db.selectFrom('cases').select('id').where('kind', '=', 'child').limit(1).executeTakeFirstOrThrow();
      a = await step(id, 'link-case', { caseId: cases.id }, 'social.worker@sirfynydd.example');
      assert.deepEqual(a.linkedCases.map((c) => c.id), [cases.id]);
      assert.deepEqual((await get(id)).linkedCases, [], 'the lead, who works on no cases, sees no linked case');

      a = await step(id, 'record-strategy-meeting', {
        heldAt: '2026-11-17T09:45:00Z', attendees: [officer, police, employer], criminal: 'not_needed', disciplinary: 'open', protection: 'open', nextMeetingOn: '2026-12-01',
        summary: 'No crime; the provider runs a disciplinary process and adult protection enquiries continue.',
      });
      assert.deepEqual(a.tracks, { criminal: 'not_needed', disciplinary: 'open', protection: 'open' });
      assert.equal(a.clocks.find((c) => c.timerId === 'T-P2' && c.status === 'due')?.dueDate, '2026-12-01');

      // A stale version is a conflict, and changes nothing.
      const stale = await api('social.worker@sirfynydd.example', 'POST', `/api/allegations/${id}/steps/add-note`, { occurredOn: '2026-11-17', summary: 'Spoke to the manager.', expectedVersion: a.version - 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.title, 'The allegation changed since you read it');
      assert.equal((await get(id)).version, a.version);

      // The outcome waits for the tracks under way.
      const early = await step(id, 'record-concluding-meeting', {
        heldAt: '2026-11-17T09:55:00Z', attendees: [officer, police, employer], outcome: 'substantiated', consensus: true, rationale: 'x',
      }, 'dos@sirfynydd.example', 409);
      assert.equal((early as unknown as { reason: string }).reason, 'error.allegation.trackOpen');
      await step(id, 'update-track', { track: 'disciplinary', status: 'concluded', summary: 'Dismissed after a hearing.' }, 'social.worker@sirfynydd.example');
      await step(id, 'update-track', { track: 'protection', status: 'concluded', summary: 'Enquiries concluded; the resident is safe.' }, 'social.worker@sirfynydd.example');
      a = await step(id, 'record-concluding-meeting', {
        heldAt: '2026-11-17T09:55:00Z', attendees: [officer, police, employer], outcome: 'substantiated', consensus: true, rationale: 'Rotas, the resident’s account and two colleagues agree.',
      });
      assert.deepEqual([a.stage, a.outcome, a.concludingMeeting?.consensus], ['concluded', 'substantiated', true]);

      // Referrals to the DBS and Social Care Wales; closure waits for both.
      a = await step(id, 'add-referral', { body: 'dbs', responsible: 'employer', reason: 'Dismissed because of harm to a resident.' }, 'social.worker@sirfynydd.example');
      a = await step(id, 'add-referral', { body: 'social_care_wales', responsible: 'designated_officer', reason: 'Registered care worker.' });
      assert.deepEqual(a.referrals.map((r) => [r.body, r.completedOn]), [['dbs', null], ['social_care_wales', null]]);
      const closeEarly = await step(id, 'close-allegation', { rationale: 'Done.' }, 'dos@sirfynydd.example', 409);
      assert.equal((closeEarly as unknown as { reason: string }).reason, 'error.allegation.referralsOpen');
      const future = await step(id, 'complete-referral', { referralId: a.referrals[0]!.id, completedOn: '2026-11-18', reference: 'DBS-1' }, 'dos@sirfynydd.example', 400);
      assert.equal((future as unknown as { errors: Record<string, { code: string }> }).errors['completedOn']!.code, 'error.case.future');
      for (const [r, reference] of [[a.referrals[0]!, 'DBS-1'], [a.referrals[1]!, 'SCW-2']] as const) {
        await step(id, 'complete-referral', { referralId: r.id, completedOn: '2026-11-17', reference }, 'social.worker@sirfynydd.example');
      }
      a = await step(id, 'close-allegation', { rationale: 'Substantiated; dismissed; both referrals made.' });
      assert.equal(a.stage, 'closed');
      assert.deepEqual(a.clocks.filter((c) => c.status === 'due'), []);
      assert.deepEqual(a.allowedSteps, ['add-note']);
    });

    it('records a decision below the threshold and closes', async () => {
      const created = await api('dos@sirfynydd.example', 'POST', '/api/allegations', { ...NOTIFICATION, subjectName: 'Ceri Lloyd', subjectEmail: '', context: 'private_life', criteria: ['unsuitable'] });
      const id = (created.json as AllegationJson).id;
      const discussion = { heldAt: '2026-11-17T09:30:00Z', attendees: [officer, police], thresholdMet: false, interimSafeguards: '', sharing: '', employerRecord: '', summary: 'No child or adult at risk involved.' };
      const missing = await step(id, 'record-strategy-discussion', discussion, 'dos@sirfynydd.example', 400);
      assert.equal((missing as unknown as { errors: Record<string, { code: string }> }).errors['employerRecord']!.code, 'error.employerRecord.required');
      let a = await step(id, 'record-strategy-discussion', { ...discussion, employerRecord: 'Advice given; recorded on file.' });
      assert.deepEqual([a.stage, a.strategyDiscussion?.thresholdMet], ['below_threshold', false]);
      assert.equal((await step(id, 'add-referral', { body: 'dbs', responsible: 'employer', reason: 'x' }, 'dos@sirfynydd.example', 409) as unknown as { reason: string }).reason, 'error.allegation.noReferralNow');
      a = await step(id, 'close-allegation', { rationale: 'Below the threshold.' });
      assert.equal(a.stage, 'closed');
    });

    it('answers an allegation out of scope exactly as one that does not exist', async () => {
      const items = (await api('dos@sirfynydd.example', 'GET', '/api/allegations')).json.items as { id: string }[];
      const id = items[0]!.id;
      const missing = randomUUID();
      for (const who of ['duty@sirfynydd.example', 'athro@glanymor.example', 'duty@caerwen.example'] as const) {
        const real = await api(who, 'GET', `/api/allegations/${id}`);
        const none = await api(who, 'GET', `/api/allegations/${missing}`);
        assert.equal(real.status, 404, who);
        assert.deepEqual([real.status, real.type, real.body], [none.status, none.type, none.body], who);
        const realStep = await api(who, 'POST', `/api/allegations/${id}/steps/add-note`, { occurredOn: '2026-11-17', summary: 'x', expectedVersion: 0 });
        const noneStep = await api(who, 'POST', `/api/allegations/${missing}/steps/add-note`, { occurredOn: '2026-11-17', summary: 'x', expectedVersion: 0 });
        assert.deepEqual([realStep.status, realStep.body], [noneStep.status, noneStep.body], who);
        assert.deepEqual([realStep.status, realStep.body], [none.status, none.body], who);
        const list = await api(who, 'GET', '/api/allegations');
        assert.deepEqual([list.status, list.body], [none.status, none.body], `${who}: no Allegations area`);
      }
      const unknownStep = await api('dos@sirfynydd.example', 'POST', `/api/allegations/${id}/steps/record-conference`, {});
      assert.equal(unknownStep.status, 404);
    });
  });
}
