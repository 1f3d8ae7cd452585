import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { toCaller } from '../../src/services/auth.service.js';
import { allegationScope, canViewAllegation, leadsAllegation } from '../../src/domain/access-policy.js';
import { findAllegationInScope, listAllegations, allegationsLinkedToCase } from '../../src/store/allegations.repository.js';
import type { Caller } from '../../src/services/context.js';

/**
 * The allegations store: its events are facts (append-only on both engines), and the SQL
 * scope agrees with the access policy for every demo user and every relationship to an
 * allegation — lead of the authority, added member, subject, and nobody.
 */
const ctx = { requestId: 'test', ip: null };
const USERS = [
  'athro@glanymor.example', 'dsp@glanymor.example', 'gofalwr@brynhaul.example', 'dsp@brynhaul.example',
  'duty@sirfynydd.example', 'manager@sirfynydd.example', 'senior@sirfynydd.example', 'social.worker@sirfynydd.example',
  'chair@sirfynydd.example', 'dos@sirfynydd.example', 'analyst@sirfynydd.example', 'admin@sirfynydd.example',
  'duty@caerwen.example', 'chair@caerwen.example',
];

for (const engine of ENGINES) {
  describe(`allegations store (${engine})`, () => {
    let h: Harness;
    const callers = new Map<string, Caller>();
    const ids: Record<'plain' | 'withMember' | 'aboutTeacher' | 'aboutLead', string> = { plain: '', withMember: '', aboutTeacher: '', aboutLead: '' };
    before(async () => {
      h = await startHarness(engine);
      for (const email of USERS) callers.set(email, toCaller((await findUserByEmail(h.handle.db, email))!));
      const dos = callers.get('dos@sirfynydd.example')!;
      const open = async (subjectEmail: string) =>
        (
          await h.services.allegations.open(
            dos,
            {
              subjectName: `Subject ${randomUUID().slice(0, 6)}`, subjectRole: 'Teacher', employer: 'Ysgol Glan y Môr', employmentType: 'employee',
              subjectEmail, context: 'work', criteria: ['unsuitable'], concernAroseAt: '2026-11-16T11:00:00Z', raisedBy: 'Head teacher',
              notifiedAt: '2026-11-16T15:00:00Z', summary: 'Test allegation.',
            },
            ctx,
          )
        ).id;
      ids.plain = await open('');
      ids.withMember = await open('');
      ids.aboutTeacher = await open('athro@glanymor.example');
      const { allegation } = await h.services.allegations.get(dos, ids.withMember, ctx);
      await h.services.allegations.execute(dos, ids.withMember, 'add_member', { email: 'chair@caerwen.example', expectedVersion: allegation.version }, ctx);
      // The teacher's allegation has the teacher's own manager-equivalent added: the subject still never sees it.
      const t = await h.services.allegations.get(dos, ids.aboutTeacher, ctx);
      await h.services.allegations.execute(dos, ids.aboutTeacher, 'add_member', { email: 'dsp@glanymor.example', expectedVersion: t.allegation.version }, ctx);
    });
    after(async () => h?.close());

    it('refuses to change or remove an allegation event, on this engine too', async () => {
      await assert.rejects(sql`UPDATE allegation_events SET type = 'X' WHERE allegation_id = ${ids.plain}`.execute(h.handle.db), /append-only/);
      await assert.rejects(sql`DELETE FROM allegation_events WHERE allegation_id = ${ids.plain}`.execute(h.handle.db), /append-only/);
      await assert.rejects(sql`TRUNCATE allegation_events`.execute(h.handle.db), /append-only|cannot truncate/);
    });

    it('finds an allegation in SQL exactly when the access policy says the person may see it (every user × every relationship)', async () => {
      let checked = 0;
      for (const [email, caller] of callers) {
        for (const [label, id] of Object.entries(ids)) {
          if (!id) continue;
          const row = await findAllegationInScope(h.handle.db, allegationScope(caller), id);
          const members = (await sql<{ user_id: string }>`SELECT user_id FROM allegation_members WHERE allegation_id = ${id}`.execute(h.handle.db)).rows.map((r) => r.user_id);
          const facts = (await sql<{ local_authority_id: string; subject_user_id: string | null }>`SELECT local_authority_id, subject_user_id FROM allegations WHERE id = ${id}`.execute(h.handle.db)).rows[0]!;
          const expected = canViewAllegation(caller, { localAuthorityId: facts.local_authority_id, members, subjectUserId: facts.subject_user_id });
          assert.equal(row !== undefined, expected, `${email} / ${label}`);
          const listed = (await listAllegations(h.handle.db, allegationScope(caller), 500)).some((a) => a.id === id);
          assert.equal(listed, expected, `${email} / ${label} in the list`);
          checked++;
        }
      }
      assert.equal(checked, USERS.length * 3);
      // The expected outcomes themselves, stated: the lead sees all three; the member only theirs; the subject never.
      const sees = async (email: string) =>
        (await listAllegations(h.handle.db, allegationScope(callers.get(email)!), 500)).map((a) => a.id).filter((id) => Object.values(ids).includes(id)).sort();
      assert.deepEqual(await sees('dos@sirfynydd.example'), [ids.plain, ids.withMember, ids.aboutTeacher].sort());
      assert.deepEqual(await sees('chair@caerwen.example'), [ids.withMember]);
      assert.deepEqual(await sees('dsp@glanymor.example'), [ids.aboutTeacher]);
      assert.deepEqual(await sees('athro@glanymor.example'), []);
      assert.deepEqual(await sees('manager@sirfynydd.example'), []);
      assert.equal(leadsAllegation(callers.get('chair@caerwen.example')!, { localAuthorityId: (await h.services.allegations.get(callers.get('dos@sirfynydd.example')!, ids.withMember, ctx)).allegation.localAuthorityId, subjectUserId: null }), false);
    });

    it('never lets the subject be added, and never shows them their allegation even as a member', async () => {
      const dos = callers.get('dos@sirfynydd.example')!;
      const { allegation } = await h.services.allegations.get(dos, ids.aboutTeacher, ctx);
      await assert.rejects(
        h.services.allegations.execute(dos, ids.aboutTeacher, 'add_member', { email: 'athro@glanymor.example', expectedVersion: allegation.version }, ctx),
        (e: Error & { fields?: Record<string, string> }) => e.fields?.['email'] === 'error.allegation.subjectCannotBeMember',
      );
      // Even a row slipped into the members table by hand does not open it to the subject.
      await sql`INSERT INTO allegation_members (allegation_id, user_id) VALUES (${ids.aboutTeacher}, ${callers.get('athro@glanymor.example')!.userId})`.execute(h.handle.db);
      assert.equal(await findAllegationInScope(h.handle.db, allegationScope(callers.get('athro@glanymor.example')!), ids.aboutTeacher), undefined);
      await sql`DELETE FROM allegation_members WHERE allegation_id = ${ids.aboutTeacher} AND user_id = ${callers.get('athro@glanymor.example')!.userId}`.execute(h.handle.db);
    });

    it('shows a link to a case only to those who may see the allegation', async () => {
      const row = (await sql<{ allegation_id: string; case_id: string }>`SELECT allegation_id, case_id FROM allegation_case_links`.execute(h.handle.db)).rows[0]!;
      assert.ok(row, 'the demo links its allegation to the adult case');
      const linked = async (email: string) => (await allegationsLinkedToCase(h.handle.db, allegationScope(callers.get(email)!), row.case_id)).map((a) => a.id);
      assert.deepEqual(await linked('manager@sirfynydd.example'), [row.allegation_id]);
      assert.deepEqual(await linked('dos@sirfynydd.example'), [row.allegation_id]);
      for (const email of ['duty@sirfynydd.example', 'social.worker@sirfynydd.example', 'senior@sirfynydd.example', 'chair@sirfynydd.example', 'duty@caerwen.example']) {
        assert.deepEqual(await linked(email), [], email);
      }
    });
  });
}
