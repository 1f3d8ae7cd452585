import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from '../support/db.js';
import { DEFAULT_NOW, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { ACCESS_CHANGES } from '../../src/services/case-access.service.js';

/**
 * Who can see a case, through the JSON API: the managers' panel and its changes (204, or
 * problem JSON with field errors), a conference member who reads but is refused a step,
 * a restricted case that answers exactly like an unknown id, a hidden address (null, with
 * hiddenFields), emergency access (201, then read-only, then gone after the hour) and the
 * subject access report.
 */
const PEOPLE = [
  'manager@sirfynydd.example',
  'duty@sirfynydd.example',
  'social.worker@sirfynydd.example',
  'senior@sirfynydd.example',
  'duty@caerwen.example',
  'athro@glanymor.example',
  'analyst@sirfynydd.example',
] as const;
type Person = (typeof PEOPLE)[number];
const ctx = { requestId: 'case-access-api', ip: null };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const REASON = 'Police have brought the child to our office out of hours; need the plan.';

for (const engine of ENGINES) {
  describe(`who can see a case, through the API (${engine})`, () => {
    let h: Harness;
    const tokens = {} as Record<Person, string>;

    before(async () => {
      h = await startHarness(engine);
      for (const email of PEOPLE) tokens[email] = (await h.services.auth.createApiToken(await callerFor(email), 'case access API test', ctx)).token;
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    async function api(who: Person, method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await h.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const json: any = res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: res.body, json, headers: res.headers };
    }

    async function reportedChild(fullName: string, address = '2 Heol y Prawf, Tref Fynydd'): Promise<string> {
      const concern = await h.services.concerns.raise(
        await callerFor('athro@glanymor.example'),
        {
          subjectKind: 'child', fullName, birthKnowledge: 'date_of_birth', dateOfBirth: '2016-02-02', address, firstLanguage: 'English', welshPreferred: 'no',
          account: 'A burn on the hand that nobody at home will explain.', harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      return (await h.services.concerns.reportToLocalAuthority(await callerFor('dsp@glanymor.example'), concern.id, { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 }, ctx)).reportId;
    }

    it('lets a manager add a member, who reads the case and is refused a step, and remove them', async () => {
      const id = await reportedChild('Ianto Morris');
      const empty = await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`);
      assert.equal(empty.status, 200, empty.body);
      assert.deepEqual(empty.json, { caseId: id, restriction: null, members: [], labels: [], emergencyAccess: [] });

      const invalid = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/add-member`, {});
      assert.equal(invalid.status, 400);
      assert.match(invalid.type, /^application\/problem\+json/);
      assert.equal(invalid.json.errors.email.code, 'error.memberEmail.required');
      assert.equal(invalid.json.errors.relationship.code, 'error.relationship.required');
      assert.equal(invalid.json.errors.relationship.message, 'Select how they are involved');
      const unknown = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/add-member`, { email: 'nobody@nowhere.example', relationship: 'core_group' });
      assert.equal(unknown.json.errors.email.code, 'error.memberEmail.unknown');
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/no-such-change`, {})).status, 404);
      assert.equal((await api('duty@caerwen.example', 'GET', `/api/cases/${id}`)).status, 404);

      const added = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/add-member`, { email: 'duty@caerwen.example', relationship: 'conference_member' });
      assert.equal(added.status, 204, added.body);
      assert.equal(added.body, '');
      const panel = (await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`)).json;
      const ffion = await callerFor('duty@caerwen.example');
      assert.deepEqual(panel.members.map((m: { userId: string; name: string; role: string; relationship: string; organisation: { name: string } }) => [m.userId, m.name, m.role, m.relationship, m.organisation.name]), [
        [ffion.userId, 'Ffion Jenkins', 'duty_social_worker', 'conference_member', 'Caerwen City Council'],
      ]);

      const read = await api('duty@caerwen.example', 'GET', `/api/cases/${id}`);
      assert.equal(read.status, 200);
      assert.equal(read.json.access, 'read');
      assert.deepEqual(read.json.allowedSteps, []);
      assert.equal('restricted' in read.json, false, 'only managers are told whether it is restricted');
      assert.ok((await api('duty@caerwen.example', 'GET', '/api/cases')).json.items.some((c: { id: string }) => c.id === id));
      const version = read.json.version;
      const step = await api('duty@caerwen.example', 'POST', `/api/cases/${id}/steps/add-chronology-entry`, { expectedVersion: version, occurredOn: '2026-11-16', summary: 'A call', significant: false });
      assert.equal(step.status, 403);
      assert.equal(step.json.reason, 'error.case.readOnly');
      assert.equal(step.json.detail, 'You can read this case but not change it');
      assert.equal((await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}`)).json.version, version, 'nothing changed');
      // Not theirs to manage.
      const refused = await api('duty@caerwen.example', 'GET', `/api/cases/${id}/access`);
      assert.equal(refused.status, 403);
      assert.equal(refused.json.reason, 'error.case.accessManagers');
      const duty = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/access/restrict`, { reason: 'Someone in the team knows the family' });
      assert.equal(duty.status, 403);

      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/remove-member`, { userId: ffion.userId, relationship: 'conference_member' })).status, 204);
      assert.equal((await api('duty@caerwen.example', 'GET', `/api/cases/${id}`)).status, 404);
      const again = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/remove-member`, { userId: ffion.userId, relationship: 'conference_member' });
      assert.equal(again.status, 400);
    });

    it('hides a restricted case from the team exactly like an unknown id, and tells managers it is restricted', async () => {
      const id = await reportedChild('Nanw Pugh');
      const short = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/restrict`, { reason: 'short' });
      assert.equal(short.status, 400);
      assert.equal(short.json.errors.reason.code, 'error.restrictionReason.too_short');
      assert.equal((await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`)).status, 200);
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/restrict`, { reason: 'The mother works in the duty team.' })).status, 204);

      for (const path of ['', '/chronology', '/access', '/subject-access-report']) {
        const hidden = await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}${path}`);
        const missing = await api('duty@sirfynydd.example', 'GET', `/api/cases/${UNKNOWN}${path}`);
        assert.equal(hidden.status, 404, path);
        assert.equal(hidden.body, missing.body, path);
      }
      assert.ok(!(await api('duty@sirfynydd.example', 'GET', '/api/cases')).body.includes(id));
      assert.ok(!(await api('senior@sirfynydd.example', 'GET', '/api/work-tray')).body.includes(id));

      const managed = await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}`);
      assert.equal(managed.json.restricted, true);
      assert.equal(managed.json.access, 'work');
      const panel = (await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`)).json;
      assert.equal(panel.restriction.reason, 'The mother works in the duty team.');
      assert.equal(panel.restriction.setBy, 'Owain Davies');
      assert.deepEqual(panel.members.map((m: { relationship: string; name: string }) => `${m.name} ${m.relationship}`), ['Owain Davies named']);
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/unrestrict`, {})).status, 204);
      assert.equal((await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`)).status, 200);
      assert.equal((await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}`)).json.restricted, false);
    });

    it('gives a hidden address as null, with hiddenFields, to all but its readers', async () => {
      const address = '4 Cilgant y Lloches, Tref Fynydd';
      const id = await reportedChild('Deio Harries', address);
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/hide-address`, { reason: 'The family is in a refuge.' })).status, 204);
      const duty = await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`);
      assert.equal(duty.json.person.address, null);
      assert.deepEqual(duty.json.person.hiddenFields, ['address']);
      assert.ok(!duty.body.includes('Lloches'));
      const manager = await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}`);
      assert.equal(manager.json.person.address, address);
      assert.deepEqual(manager.json.person.hiddenFields, []);
      const panel = (await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`)).json;
      assert.deepEqual(panel.labels.map((l: { label: string; hides: string[]; readers: { name: string }[] }) => [l.label, l.hides, l.readers.map((r) => r.name)]), [['address_hidden', ['address'], ['Owain Davies']]]);
      const none = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/add-reader`, {});
      assert.equal(none.json.errors.email.code, 'error.memberEmail.required');
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/show-address`, {})).status, 204);
      assert.equal((await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`)).json.person.address, address);
      const noLabel = await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/add-reader`, { email: 'duty@sirfynydd.example' });
      assert.equal(noLabel.status, 409);
      assert.equal(noLabel.json.reason, 'error.label.none');
    });

    it('grants emergency access for an hour with a reason, and reports it by role and organisation', async () => {
      const id = await reportedChild('Tudur Lloyd');
      assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/access/restrict`, { reason: 'A relative works in the team.' })).status, 204);
      try {
        // A missing or short reason is refused the same way for any id: nothing is looked up first.
        for (const body of [{}, { reason: 'now' }]) {
          const hidden = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/emergency-access`, body);
          const missing = await api('duty@sirfynydd.example', 'POST', `/api/cases/${UNKNOWN}/emergency-access`, body);
          assert.equal(hidden.status, 400);
          assert.equal(hidden.body, missing.body);
        }
        assert.equal((await api('duty@sirfynydd.example', 'POST', `/api/cases/${UNKNOWN}/emergency-access`, { reason: REASON })).status, 404);
        assert.equal((await api('athro@glanymor.example', 'POST', `/api/cases/${id}/emergency-access`, { reason: REASON })).status, 404, 'not for a practitioner');
        assert.equal((await api('analyst@sirfynydd.example', 'POST', `/api/cases/${id}/emergency-access`, { reason: REASON })).status, 404);

        const granted = await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/emergency-access`, { reason: REASON });
        assert.equal(granted.status, 201, granted.body);
        assert.deepEqual(granted.json, { expiresAt: '2026-11-17T11:00:00.000Z' });
        assert.equal(granted.headers.location, `/api/cases/${id}`);
        const read = await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`);
        assert.equal(read.status, 200);
        assert.equal(read.json.access, 'read');
        assert.deepEqual(read.json.emergencyAccess, { expiresAt: '2026-11-17T11:00:00.000Z', reason: REASON });
        assert.deepEqual((await api('duty@sirfynydd.example', 'POST', `/api/cases/${id}/emergency-access`, { reason: REASON })).json, { alreadyVisible: true });
        assert.equal((await api('manager@sirfynydd.example', 'POST', `/api/cases/${id}/emergency-access`, { reason: REASON })).status, 200, 'the manager can already see it');

        const tray = (await api('manager@sirfynydd.example', 'GET', '/api/work-tray')).json;
        const alert = tray.emergencyAccess.find((a: { caseId: string }) => a.caseId === id);
        assert.deepEqual(alert, {
          caseId: id, fullName: 'Tudur Lloyd', user: { name: 'Nia Roberts', organisation: { name: 'Sir Fynydd County Council', nameCy: 'Cyngor Sir Fynydd' } },
          grantedAt: '2026-11-17T10:00:00.000Z', expiresAt: '2026-11-17T11:00:00.000Z', reason: REASON,
        });
        assert.ok(!(await api('senior@sirfynydd.example', 'GET', '/api/work-tray')).body.includes(id), 'not told: not on the restricted case');
        const panel = (await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`)).json;
        assert.equal(panel.emergencyAccess.length, 1);
        assert.equal(panel.emergencyAccess[0].active, true);
        assert.equal(panel.emergencyAccess[0].user.role, 'duty_social_worker');

        const report = await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/subject-access-report`);
        assert.equal(report.status, 200);
        const glass = report.json.entries.find((e: { action: string }) => e.action === 'case.break_glass');
        assert.deepEqual(glass, {
          occurredAt: '2026-11-17T10:00:00.000Z', role: 'duty_social_worker', organisation: { name: 'Sir Fynydd County Council', nameCy: 'Cyngor Sir Fynydd' },
          action: 'case.break_glass', recordType: 'case', outcome: 'success', purpose: REASON,
        });
        assert.ok(report.json.entries.some((e: { action: string; role: string }) => e.action === 'case.read' && e.role === 'duty_social_worker'));
        for (const name of ['Nia Roberts', 'Owain Davies', 'Megan Jones']) assert.ok(!report.body.includes(name), name);
        assert.equal((await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}/subject-access-report`)).status, 404, 'the duty worker has no who-has-seen');

        h.clock.set(new Date(DEFAULT_NOW.getTime() + 61 * 60_000));
        const gone = await api('duty@sirfynydd.example', 'GET', `/api/cases/${id}`);
        assert.equal(gone.status, 404);
        assert.equal(gone.body, (await api('duty@sirfynydd.example', 'GET', `/api/cases/${UNKNOWN}`)).body);
        assert.equal((await api('manager@sirfynydd.example', 'GET', `/api/cases/${id}/access`)).json.emergencyAccess[0].active, false);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('documents every access operation in the OpenAPI document', async () => {
      const doc = JSON.parse((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
      const resolve = (ref: string) => ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], doc);
      assert.ok(doc.paths['/cases/{id}/access'].get);
      assert.ok(doc.paths['/cases/{id}/emergency-access'].post.responses['201']);
      assert.ok(doc.paths['/cases/{id}/subject-access-report'].get);
      for (const type of ACCESS_CHANGES) {
        const op = doc.paths[`/cases/{id}/access/${type.replaceAll('_', '-')}`]?.post;
        assert.ok(op, type);
        assert.ok(resolve(op.requestBody.content['application/json'].schema.$ref), type);
        assert.ok(op.responses['204'] && op.responses['403'], type);
      }
      assert.deepEqual(resolve('#/components/schemas/AccessAddMember').required.sort(), ['email', 'relationship']);
      assert.deepEqual(resolve('#/components/schemas/EmergencyAccessRequest').required, ['reason']);
      assert.ok(doc.components.schemas.Case.properties.person.properties.hiddenFields);
    });
  });
}
