import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { FixedClock } from '../../src/platform/clock.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { createConcernService } from '../../src/services/concern.service.js';
import { createCaseService } from '../../src/services/case.service.js';
import { DEMO_ORGANISATIONS, loadDemoData } from '../../src/services/demo.service.js';
import { toCaller } from '../../src/services/auth.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';

/** STYLE.md rule 6: the change and its audit row commit together, or neither does. */
for (const engine of ENGINES) {
  describe(`a change whose audit event cannot be written (${engine})`, () => {
    let h: DatabaseHandle;
    const clock = new FixedClock(new Date('2026-11-17T10:00:00Z'));
    const calendar = createCalendar();
    const ctx = { requestId: 'audit-write-failure', ip: null };
    const concern = {
      subjectKind: 'adult', fullName: 'Alun Hopkins', birthKnowledge: 'not_known', welshPreferred: 'no', account: 'Unexplained bruising on both arms',
      harmCategories: ['physical'], specificRisks: [], immediateDanger: false, personKnows: 'yes',
    };
    const counts = async () => {
      const row = await sql<{ concerns: string; people: string; audit: string }>`
        select (select count(*) from concerns) as concerns, (select count(*) from people) as people,
          (select count(*) from audit_events where action = 'concern.raise') as audit
      `.execute(h.db);
      return row.rows[0]!;
    };

    before(async () => {
      h = await openTestDatabase(engine);
      await loadDemoData(h.db, clock, calendar, randomBytes(32));
      // Stands in for a full disk, a lost connection or a broken audit table, for this one action only.
      await sql`
        create function test_refuse_concern_audit() returns trigger language plpgsql as $$
        begin
          if new.action = 'concern.raise' then raise exception 'the audit trail cannot be written (test)'; end if;
          return new;
        end $$;
        create trigger test_refuse_concern_audit before insert on audit_events for each row execute function test_refuse_concern_audit();
      `.execute(h.db);
    });
    after(async () => h?.close());

    it('fails the request and stores nothing of the concern', async () => {
      const service = createConcernService({ db: h.db, clock, calendar });
      const practitioner = toCaller((await findUserByEmail(h.db, 'athro@glanymor.example'))!);
      const before = await counts();
      await assert.rejects(service.raise(practitioner, concern, ctx), /the audit trail cannot be written/);
      assert.deepEqual(await counts(), before, 'no concern, no person, no audit row');

      // The same request goes through once the audit trail can be written: the refusal above was the audit's.
      await sql`drop trigger test_refuse_concern_audit on audit_events`.execute(h.db);
      const raised = await service.raise(practitioner, concern, ctx);
      const afterwards = await counts();
      assert.equal(Number(afterwards.concerns), Number(before.concerns) + 1);
      assert.equal(Number(afterwards.audit), Number(before.audit) + 1);
      assert.ok(await h.db.selectFrom('concerns').select('id').where('id', '=', raised.id).executeTakeFirst());
    });

    // The report opens a case in one statement with its audit records; the case page reads
    // without a transaction. Neither may get past an audit record that cannot be written.
    const refuseAudit = (action: string) => sql`
      create or replace function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if new.action = ${sql.lit(action)} then raise exception 'the audit trail cannot be written (test)'; end if;
        return new;
      end $$;
      create trigger test_refuse_audit before insert on audit_events for each row execute function test_refuse_audit();
    `.execute(h.db);
    const allowAudit = () => sql`drop trigger test_refuse_audit on audit_events`.execute(h.db);

    it('fails a report whose audit record cannot be written, and opens no case', async () => {
      const service = createConcernService({ db: h.db, clock, calendar });
      const practitioner = toCaller((await findUserByEmail(h.db, 'athro@glanymor.example'))!);
      const dsp = toCaller((await findUserByEmail(h.db, 'dsp@glanymor.example'))!);
      const raised = await service.raise(practitioner, concern, ctx);
      const report = { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 };
      const rows = async () => {
        const r = await sql<{ reports: string; cases: string; clocks: string; status: string }>`
          select (select count(*) from reports where concern_id = ${raised.id}) as reports,
            (select count(*) from cases k join reports r on r.id = k.report_id where r.concern_id = ${raised.id}) as cases,
            (select count(*) from case_clocks) as clocks,
            (select status from concerns where id = ${raised.id}) as status`.execute(h.db);
        return r.rows[0]!;
      };
      const before = await rows();
      await refuseAudit('concern.report_to_local_authority');
      try {
        await assert.rejects(service.reportToLocalAuthority(dsp, raised.id, report, ctx), /the audit trail cannot be written/);
      } finally {
        await allowAudit();
      }
      assert.deepEqual(await rows(), before, 'no report, no case, no clock, and the concern still waits');
      assert.equal(before.status, 'awaiting_dsp');

      const { reportId } = await service.reportToLocalAuthority(dsp, raised.id, report, ctx);
      const after = await rows();
      assert.deepEqual([after.reports, after.cases, after.status], ['1', '1', 'reported']);
      assert.ok(Number(after.clocks) > Number(before.clocks), 'the receipt clock started');
      const audited = await h.db.selectFrom('audit_events').select('action').where('record_id', '=', raised.id).where('request_id', '=', ctx.requestId).execute();
      assert.ok(['concern.read', 'concern.report_to_local_authority'].every((a) => audited.some((e) => e.action === a)), JSON.stringify(audited));

      // The case page is not shown when its read cannot be recorded.
      const cases = createCaseService({ db: h.db, clock });
      const duty = toCaller((await findUserByEmail(h.db, 'duty@sirfynydd.example'))!);
      await refuseAudit('case.read');
      try {
        await assert.rejects(cases.get(duty, reportId, ctx), /the audit trail cannot be written/);
      } finally {
        await allowAudit();
      }
      const view = await cases.get(duty, reportId, ctx);
      assert.equal(view.case.id, reportId);
    });
  });
}
