import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ENGINES } from '../support/db.js';
import { Client, DEFAULT_NOW, pageText, startHarness, type Harness } from '../support/harness.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { toCaller } from '../../src/services/auth.service.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';
import { TIMER_IDS, TIMER_RULES } from '../../src/domain/timers.js';
import { RULE_SETTING_DEFINITIONS } from '../../src/domain/rule-settings.js';
import { ALERT_REASONS, REGISTRATION_CATEGORIES } from '../../src/domain/cases/vocabulary.js';

const ctx = { requestId: 'work-pages-test', ip: null };

/** The row of a page's table that names this person (tags and whitespace folded). */
function rowFor(html: string, personName: string): string {
  const row = html.split('<tr').find((r) => r.includes(personName));
  assert.ok(row, `a row for ${personName}`);
  return pageText(`<tr${row.split('</tr>')[0]}`);
}

/** The part of the work tray under one section heading, up to the next heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="tray-${id}"`);
  assert.ok(start >= 0, `section ${id}`);
  const end = html.indexOf('<h2', start + 1);
  return html.slice(start, end < 0 ? undefined : end);
}

/** Every key a template builds and no catalogue holds shows up as raw text like `tray.section.x`. */
function untranslated(text: string): string[] {
  return [...text.matchAll(/\b(?:tray|register|settings|timer|alert|nav|error)\.[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
}

for (const engine of ENGINES) {
  describe(`work tray, register and rules pages (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine);
    });
    after(async () => h?.close());

    async function callerFor(email: string) {
      return toCaller((await findUserByEmail(h.handle.db, email))!);
    }

    async function signedIn(email: string, locale: 'en' | 'cy' = 'en'): Promise<Client> {
      const c = new Client(h.app);
      c.setLanguage(locale);
      assert.equal((await c.signIn(email)).status, 303);
      return c;
    }

    /** A school raises a concern about a child and its DSP reports it to Sir Fynydd: the case id is the report id. */
    async function reportedChild(fullName: string, dateOfBirth = '2014-06-01'): Promise<string> {
      const raised = await h.services.concerns.raise(
        await callerFor('athro@glanymor.example'),
        {
          subjectKind: 'child', fullName, birthKnowledge: 'date_of_birth', dateOfBirth, welshPreferred: 'yes',
          account: 'Came to school with an injury and would not say how it happened.', harmCategories: ['physical'],
          specificRisks: [], immediateDanger: false, personKnows: 'yes',
        },
        ctx,
      );
      const { reportId } = await h.services.concerns.reportToLocalAuthority(
        await callerFor('dsp@glanymor.example'),
        raised.id,
        { localAuthorityId: DEMO_ORGANISATIONS.sirFynydd.id, expectedVersion: 0 },
        ctx,
      );
      return reportId;
    }

    async function decideStrategyDiscussion(caseId: string) {
      await h.services.reports.recordDecision(
        await callerFor('duty@sirfynydd.example'),
        caseId,
        { decision: 'strategy_discussion', rationale: 'Reasonable cause to suspect significant harm', expectedVersion: 0 },
        ctx,
      );
    }

    async function step(email: string, caseId: string, type: Parameters<Harness['services']['cases']['execute']>[2], input: Record<string, unknown>) {
      const caller = await callerFor(email);
      const { case: found } = await h.services.cases.get(caller, caseId, ctx);
      return h.services.cases.execute(caller, caseId, type, { ...input, expectedVersion: found.version }, ctx);
    }

    async function clockDue(caseId: string, key: string): Promise<string> {
      const row = await h.handle.db.selectFrom('case_clocks').select('due_date').where('case_id', '=', caseId).where('key', '=', key).executeTakeFirstOrThrow();
      return row.due_date;
    }

    async function settingChanges(): Promise<number> {
      const r = await sql<{ n: string }>`select count(*) as n from rule_setting_changes`.execute(h.handle.db);
      return Number(r.rows[0]!.n);
    }

    /** The settings form as it stands, with some answers changed. */
    function settingsForm(changes: Record<string, string>): Record<string, string> {
      const current = Object.fromEntries(RULE_SETTING_DEFINITIONS.map((d) => [d.key, String(d.default)]));
      return { ...current, ...changes };
    }

    it('shows an undecided report as due, due today and then overdue as the working days pass', async () => {
      const caseId = await reportedChild('Bethan Lloyd');
      try {
        // Received on Tuesday 17 November: the decision is due by the end of Wednesday.
        let tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(section(tray, 'week'), 'Bethan Lloyd'), /Bethan Lloyd Prefers Welsh Decision on next action \(1 working day\) Wednesday, 18 November 2026 1 working day left Not allocated/);
        assert.match(tray, new RegExp(`href="/cases/${caseId}"`));
        assert.doesNotMatch(section(tray, 'overdue'), /Bethan Lloyd/);
        // The demo's report from five days ago is overdue.
        assert.match(section(tray, 'overdue'), /Osian Pritchard/);

        h.clock.set(new Date('2026-11-18T09:00:00Z'));
        tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(section(tray, 'today'), 'Bethan Lloyd'), /Wednesday, 18 November 2026 Due today/);
        assert.doesNotMatch(section(tray, 'week'), /Bethan Lloyd/);

        h.clock.set(new Date('2026-11-19T09:00:00Z'));
        tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(section(tray, 'overdue'), 'Bethan Lloyd'), /Wednesday, 18 November 2026 1 working day overdue/);
        assert.doesNotMatch(section(tray, 'today'), /Bethan Lloyd/);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('filters the tray to the cases allocated to the person signed in, without JavaScript', async () => {
      const caseId = await reportedChild('Dylan Rees');
      const duty = await callerFor('duty@sirfynydd.example');
      await step('manager@sirfynydd.example', caseId, 'allocate', { workerId: duty.userId });
      const c = await signedIn('duty@sirfynydd.example');
      const all = await c.get('/work-tray');
      assert.match(all.body, /<a class="govuk-link" href="\/work-tray\?mine=1">Only my cases<\/a>/);
      assert.match(pageText(all.body), /Dylan Rees .* Nia Roberts/);
      assert.match(pageText(all.body), /Osian Pritchard/);
      const mine = await c.get('/work-tray?mine=1');
      assert.equal(mine.status, 200);
      assert.match(mine.body, /<strong aria-current="page">Only my cases<\/strong>/);
      assert.match(rowFor(mine.body, 'Dylan Rees'), /Nia Roberts/);
      assert.doesNotMatch(pageText(mine.body), /Osian Pritchard|Bethan Lloyd/);
      // A conference chair is never the allocated worker: an empty tray, in plain words.
      const other = pageText((await (await signedIn('chair@sirfynydd.example')).get('/work-tray?mine=1')).body);
      assert.match(other, /Nothing is overdue\. .*Nothing is due today\. .*Nothing else is due in the next 7 days\. .*No clocks are paused\./);
    });

    it('keeps the tray and the register to people who work on cases, and to their own authority', async () => {
      const practitioner = await signedIn('athro@glanymor.example');
      assert.equal((await practitioner.get('/work-tray')).status, 404);
      assert.equal((await practitioner.get('/register')).status, 404);
      const admin = await signedIn('admin@sirfynydd.example');
      assert.equal((await admin.get('/work-tray')).status, 404);
      const caerwen = pageText((await (await signedIn('duty@caerwen.example')).get('/work-tray')).body);
      assert.doesNotMatch(caerwen, /Osian Pritchard|Bethan Lloyd/);
      // Navigation offers the new pages by capability.
      const dutyHome = (await (await signedIn('duty@sirfynydd.example')).get('/')).body;
      for (const href of ['/cases', '/work-tray', '/register', '/settings']) assert.match(dutyHome, new RegExp(`href="${href}"`));
      const adminHome = (await admin.get('/')).body;
      assert.match(adminHome, /href="\/settings"/);
      assert.doesNotMatch(adminHome, /href="\/work-tray"/);
      assert.doesNotMatch((await practitioner.get('/')).body, /href="\/settings"/);
    });

    it('lists a registered child on the register, with no co-ordinator highlighted and the senior manager alerted', async () => {
      const caseId = await reportedChild('Cerys Morgan', '2019-02-03');
      await decideStrategyDiscussion(caseId);
      const now = h.clock.now().toISOString();
      await step('duty@sirfynydd.example', caseId, 'record_strategy_discussion', {
        heldAt: now, format: 'discussion', outcome: 'section47', enquiry: 'joint', summary: 'Joint enquiry agreed with the police.',
        attendees: [{ name: 'DC Owen', agency: 'police' }, { name: 'Nia Roberts', agency: 'social_services' }],
      });
      await step('duty@sirfynydd.example', caseId, 'record_section47_determination', { determination: 3, rationale: 'Continuing risk of significant harm' });
      await step('chair@sirfynydd.example', caseId, 'record_conference', {
        heldAt: now, rationale: 'Agreed by all agencies present',
        attendees: [
          { name: 'Nia Roberts', agency: 'social_services' }, { name: 'DC Owen', agency: 'police' },
          { name: 'Dr Pugh', agency: 'health' }, { name: 'Mrs Hughes', agency: 'education' },
        ],
        decisions: { [caseId]: { outcome: 'register', categories: ['neglect', 'emotional'], coordinatorId: null } },
      });

      const c = await signedIn('duty@sirfynydd.example');
      const page = await c.get('/register');
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1 class="govuk-heading-l" id="register-heading">Child Protection Register: \d+ child(ren)?<\/h1>/);
      assert.match(page.body, /<table class="govuk-table" aria-labelledby="register-heading">/);
      assert.match(rowFor(page.body, 'Cerys Morgan'), /Cerys Morgan Prefers Welsh 3 February 2019 Neglect, Emotional abuse 17 November 2026 None named Wednesday, 17 February 2027/);
      assert.match(page.body, /govuk-tag--red">\s*None named/);
      assert.doesNotMatch(rowFor(page.body, 'Cerys Morgan'), /Overdue|Missing|Transferring/);
      assert.match(pageText((await c.get('/work-tray')).body), /Recent alerts to the senior manager .* Cerys Morgan Registered without a named co-ordinator/);
      // Another authority's register is its own.
      assert.match(pageText((await (await signedIn('duty@caerwen.example')).get('/register')).body), /Child Protection Register: 0 children .* No children are on the register\./);

      // Reported missing: tagged on the register; the visiting clocks pause and the senior manager is told.
      await step('duty@sirfynydd.example', caseId, 'report_missing', { at: now, circumstances: 'Not at school or at home since Monday.' });
      assert.match(rowFor((await c.get('/register')).body, 'Cerys Morgan'), /Cerys Morgan Prefers Welsh Missing/);
      assert.match(pageText((await c.get('/work-tray')).body), /Cerys Morgan A child on the register is missing/);
      try {
        // The paused seen-alone visit (due 1 December) is listed under Paused, with its reason.
        h.clock.set(new Date('2026-11-20T09:00:00Z'));
        const tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(section(tray, 'paused'), 'Cerys Morgan'), /Cerys Morgan Prefers Welsh .* 17 November 2026 at 10:00 The child is missing Not allocated/);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('tags a review conference as overdue on the register once its date has passed', async () => {
      try {
        h.clock.set(new Date('2027-03-01T10:00:00Z'));
        const page = await (await signedIn('duty@sirfynydd.example')).get('/register');
        assert.match(rowFor(page.body, 'Cerys Morgan'), /Wednesday, 17 February 2027 Overdue/);
      } finally {
        h.clock.set(DEFAULT_NOW);
      }
    });

    it('shows every paused clock with its reason', async () => {
      const tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
      assert.match(rowFor(section(tray, 'paused'), 'Cerys Morgan'), /The child is missing/);
    });

    it('shows every statutory timer with its source, and every setting with its status explained', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      const page = await duty.get('/settings');
      assert.equal(page.status, 200);
      const text = pageText(page.body);
      assert.match(text, /Rules and timescales .* Rule set wsp-2019\.11\+2022\.02\/diogel-rules-1 Settings version 0 \(the defaults\)/);
      for (const id of TIMER_IDS) {
        const row = rowFor(page.body, `<strong>${id}</strong>`);
        assert.ok(row.includes(TIMER_RULES[id].source), `${id} cites its source`);
      }
      assert.match(rowFor(page.body, '<strong>T-C3</strong>'), /T-C3 .* A decision to hold a strategy discussion, or immediate protection 1 working day From the setting “Strategy discussion timescale \(working days\)” The strategy discussion is held Team manager, Senior manager/);
      assert.match(rowFor(page.body, '<strong>T-C12</strong>'), /3 calendar months/);
      assert.match(rowFor(page.body, '<strong>T-C17</strong>'), /Set by the event/);
      assert.match(text, /Gap The procedures give no national figure\. .* Inferred Our reading .* Unverified A figure/);
      for (const d of RULE_SETTING_DEFINITIONS) assert.ok(text.includes(d.source), `${d.key} cites its source`);
      assert.match(rowFor(page.body, 'Strategy discussion timescale (working days)</th>'), /Strategy discussion timescale \(working days\) 1 1 Gap DOMAIN\.md/);
      assert.match(rowFor(page.body, 'Christmas Eve is not a working day</th>'), /No No Inferred/);
      assert.match(text, /England and Wales bank holidays from 2020 to 2030: \d+ days in all\. .* Source: https:\/\/www\.gov\.uk\/bank-holidays/);
      assert.match(text, /No local closures have been added\./);
      // Reading, not changing: no forms for a case worker.
      assert.doesNotMatch(page.body, /action="\/settings"|action="\/settings\/closures"/);
      assert.equal((await (await signedIn('athro@glanymor.example')).get('/settings')).status, 404);
    });

    it('lets an administrator change the strategy discussion timescale, and the next T-C3 clock uses it', async () => {
      const admin = await signedIn('admin@sirfynydd.example');
      const page = await admin.get('/settings');
      assert.match(page.body, /<form method="post" action="\/settings" novalidate>/);
      assert.match(page.body, /id="strategyDiscussionWorkingDays" name="strategyDiscussionWorkingDays" type="text" spellcheck="false" value="1"/);
      const before = await settingChanges();
      const saved = await admin.post('/settings', settingsForm({ strategyDiscussionWorkingDays: '2' }));
      assert.equal(saved.status, 303);
      assert.equal(saved.headers.location, '/settings?done=settings');
      assert.equal(await settingChanges(), before + 1, 'only the changed setting is recorded');
      const after = pageText((await admin.get('/settings?done=settings')).body);
      assert.match(after, /Success The settings have been saved\./);
      assert.match(after, /Settings version [1-9]\d*/);
      assert.match(after, /Strategy discussion timescale \(working days\) 2 1 Gap/);
      try {
        // Decided on Tuesday 17 November: two working days is the end of Thursday 19 November.
        const caseId = await reportedChild('Gwen Ellis');
        await decideStrategyDiscussion(caseId);
        assert.equal(await clockDue(caseId, 'T-C3'), '2026-11-19');
        const tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(section(tray, 'week'), 'Gwen Ellis'), /Thursday, 19 November 2026 2 working days left/);
      } finally {
        assert.equal((await admin.post('/settings', settingsForm({}))).status, 303);
      }
      const reset = await reportedChild('Huw Evans');
      await decideStrategyDiscussion(reset);
      assert.equal(await clockDue(reset, 'T-C3'), '2026-11-18');
    });

    it('refuses bad setting values with GOV.UK errors, keeps the answers and changes nothing', async () => {
      const admin = await signedIn('admin@sirfynydd.example');
      await admin.get('/settings');
      const before = await settingChanges();
      const res = await admin.post('/settings', settingsForm({ strategyDiscussionWorkingDays: '99', section47ConclusionWorkingDays: 'abc', christmasEveClosed: 'maybe' }));
      assert.equal(res.status, 400);
      assert.match(res.body, /<title>Error: Rules and timescales – /);
      const text = pageText(res.body);
      assert.match(text, /There is a problem Enter a whole number from 0 to 15 for “Strategy discussion timescale \(working days\)” Enter a whole number from 1 to 42 for “Target for concluding section 47 enquiries \(working days\)” Select yes or no for “Christmas Eve is not a working day”/);
      assert.match(res.body, /href="#strategyDiscussionWorkingDays"/);
      assert.match(res.body, /href="#christmasEveClosed"/);
      assert.match(res.body, /id="strategyDiscussionWorkingDays-error"/);
      assert.match(res.body, /name="strategyDiscussionWorkingDays" type="text" spellcheck="false" value="99"/);
      assert.match(res.body, /name="section47ConclusionWorkingDays" type="text" spellcheck="false" value="abc"/);
      // A valid answer beside the bad ones is not saved either.
      const mixed = await admin.post('/settings', settingsForm({ strategyDiscussionWorkingDays: '3', conferenceQuorumOtherAgencies: '-1' }));
      assert.equal(mixed.status, 400);
      assert.match(pageText(mixed.body), /Enter a whole number from 0 to 6 for “Conference quorum/);
      assert.equal(await settingChanges(), before);
      assert.match(pageText((await admin.get('/settings')).body), /Strategy discussion timescale \(working days\) 1 1 Gap/);
    });

    it('moves a due date past a local closure added on a working day, and removes it after confirmation', async () => {
      const admin = await signedIn('admin@sirfynydd.example');
      await admin.get('/settings');
      const empty = await admin.post('/settings/closures', { 'closedOn-day': '', 'closedOn-month': '', 'closedOn-year': '', nameEn: '', nameCy: '' });
      assert.equal(empty.status, 400);
      assert.match(pageText(empty.body), /There is a problem Enter the date of the closure Enter the name of the closure in English Enter the name of the closure in Welsh/);
      assert.match(empty.body, /href="#closedOn-day"/);
      const notADate = await admin.post('/settings/closures', { 'closedOn-day': '31', 'closedOn-month': '11', 'closedOn-year': '2026', nameEn: 'County show', nameCy: '' });
      assert.match(pageText(notADate.body), /The date of the closure must be a real date/);
      assert.match(notADate.body, /name="nameEn" type="text" spellcheck="true" value="County show"/);
      assert.match(notADate.body, /name="closedOn-day" type="text" value="31"/);

      const added = await admin.post('/settings/closures', { 'closedOn-day': '18', 'closedOn-month': '11', 'closedOn-year': '2026', nameEn: 'County show day', nameCy: "Diwrnod sioe'r sir" });
      assert.equal(added.status, 303);
      assert.equal(added.headers.location, '/settings?done=closureAdded');
      const again = await admin.post('/settings/closures', { 'closedOn-day': '18', 'closedOn-month': '11', 'closedOn-year': '2026', nameEn: 'Twice', nameCy: 'Ddwywaith' });
      assert.equal(again.status, 400);
      assert.match(pageText(again.body), /There is already a closure on that date/);
      const listed = await admin.get('/settings?done=closureAdded');
      assert.match(rowFor(listed.body, 'County show day'), /Wednesday, 18 November 2026 County show day Remove/);
      try {
        // Received on Tuesday 17 November; Wednesday is closed, so the decision is due by the end of Thursday.
        const caseId = await reportedChild('Ifan Hughes');
        assert.equal(await clockDue(caseId, 'T-C2'), '2026-11-19');
        const tray = (await (await signedIn('duty@sirfynydd.example')).get('/work-tray')).body;
        assert.match(rowFor(tray, 'Ifan Hughes'), /Thursday, 19 November 2026 1 working day left/);
        // A case worker sees the closure but cannot remove it.
        const duty = await signedIn('duty@sirfynydd.example');
        assert.doesNotMatch(rowFor((await duty.get('/settings')).body, 'County show day'), /Remove/);
        assert.equal((await duty.post('/settings/closures/2026-11-18/remove', {})).status, 404);
      } finally {
        const confirm = await admin.get('/settings/closures/2026-11-18/remove');
        assert.equal(confirm.status, 200);
        assert.match(pageText(confirm.body), /Remove the closure on 18 November 2026\? County show day .* Remove closure Cancel/);
        const removed = await admin.post('/settings/closures/2026-11-18/remove', {});
        assert.equal(removed.status, 303);
        assert.equal(removed.headers.location, '/settings?done=closureRemoved');
      }
      assert.match(pageText((await admin.get('/settings?done=closureRemoved')).body), /The closure has been removed\. .* No local closures have been added\./);
      assert.equal((await admin.get('/settings/closures/2026-11-18/remove')).status, 404);
      assert.equal((await admin.post('/settings/closures/2026-11-18/remove', {})).status, 404);
    });

    it('does not let a duty social worker change settings or closures', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      await duty.get('/settings');
      const before = await settingChanges();
      const res = await duty.post('/settings', settingsForm({ strategyDiscussionWorkingDays: '5' }));
      assert.equal(res.status, 404);
      assert.match(pageText(res.body), /Page not found/);
      assert.equal(await settingChanges(), before);
      const last = await h.handle.db.selectFrom('audit_events').select(['action', 'outcome']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      assert.deepEqual(last, { action: 'access.refused', outcome: 'denied' });
      assert.equal((await duty.post('/settings/closures', { 'closedOn-day': '18', 'closedOn-month': '11', 'closedOn-year': '2026', nameEn: 'x', nameCy: 'y' })).status, 404);
      const closures = await sql<{ n: string }>`select count(*) as n from calendar_closures`.execute(h.handle.db);
      assert.equal(Number(closures.rows[0]!.n), 0);
    });

    it('serves the tray, the register and the rules in Welsh', async () => {
      const duty = await signedIn('duty@sirfynydd.example', 'cy');
      const tray = await duty.get('/work-tray');
      assert.match(tray.body, /<html lang="cy"/);
      const trayText = pageText(tray.body);
      assert.match(trayText, /Hambwrdd gwaith .* Holl achosion y tîm Fy achosion i yn unig/);
      assert.match(trayText, /Yn hwyr \(\d+\) .* Osian Pritchard Dewis Cymraeg .* Penderfyniad ar y camau nesaf \(1 diwrnod gwaith\)/);
      assert.match(trayText, /Rhybuddion diweddar i'r uwch reolwr/);
      assert.deepEqual(untranslated(trayText), []);
      const register = pageText((await duty.get('/register')).body);
      assert.match(register, /Y Gofrestr Amddiffyn Plant: \d+ (plentyn|o blant) /);
      assert.match(rowFor((await duty.get('/register')).body, 'Cerys Morgan'), /Cerys Morgan Dewis Cymraeg Ar goll 3 Chwefror 2019 Esgeulustod, Cam-drin emosiynol 17 Tachwedd 2026 Dim un wedi'i enwi/);
      assert.deepEqual(untranslated(register), []);
      const rules = await duty.get('/settings');
      const rulesText = pageText(rules.body);
      assert.match(rulesText, /Rheolau ac amserlenni .* Amseryddion statudol .* Bwlch .* Casgliad .* Heb ei wirio/);
      assert.match(rulesText, /Penderfyniad i gynnal trafodaeth strategaeth, neu amddiffyn ar unwaith 1 diwrnod gwaith/);
      assert.match(rules.body, /<span lang="en">Wales Safeguarding Procedures, children, section 3 part 1 \(c3pt1-p4\)/);
      assert.deepEqual(untranslated(rulesText).filter((k) => !k.startsWith('DOMAIN')), []);

      const admin = await signedIn('admin@sirfynydd.example', 'cy');
      await admin.get('/settings');
      const bad = await admin.post('/settings', settingsForm({ strategyDiscussionWorkingDays: '99' }));
      assert.equal(bad.status, 400);
      assert.match(bad.body, /<title>Gwall: Rheolau ac amserlenni – /);
      assert.match(pageText(bad.body), /Mae problem wedi codi Rhowch rif cyfan o 0 i 15 ar gyfer “Amserlen y drafodaeth strategaeth \(diwrnodau gwaith\)”/);
      const closure = await admin.post('/settings/closures', { nameEn: '', nameCy: '' });
      assert.match(pageText(closure.body), /Rhowch ddyddiad y diwrnod cau Rhowch enw'r diwrnod cau yn Saesneg Rhowch enw'r diwrnod cau yn Gymraeg/);
    });

    it('says when more clocks are due than the tray lists (a team at Wales scale can have over a thousand)', async () => {
      const duty = await signedIn('duty@sirfynydd.example');
      assert.doesNotMatch(pageText((await duty.get('/work-tray')).body), /most urgent clocks are shown/);
      // 1,001 more running clocks on one case of the authority, due tomorrow.
      const osian = await sql<{ case_id: string }>`
        SELECT k.id AS case_id FROM cases k JOIN people p ON p.id = k.person_id WHERE p.full_name = 'Osian Pritchard' LIMIT 1`.execute(h.handle.db);
      const caseId = osian.rows[0]!.case_id;
      const due = new Date(DEFAULT_NOW.getTime() + 86_400_000);
      await sql`
        INSERT INTO case_clocks (case_id, key, timer_id, local_authority_id, started_at, due_at, due_date)
        SELECT ${caseId}, 'T-C8#bulk' || g, 'T-C8', ${DEMO_ORGANISATIONS.sirFynydd.id}, ${DEFAULT_NOW}, ${due}, ${due.toISOString().slice(0, 10)}::date
        FROM generate_series(1, 1001) g`.execute(h.handle.db);
      try {
        const tray = await duty.get('/work-tray');
        const text = pageText(tray.body);
        assert.match(text, /Only the 1,000 most urgent clocks are shown here\. More are due in the next 7 days: choose ‘Only my cases’ to see all of yours\./);
        const rows = ['overdue', 'today', 'week', 'paused'].map((id) => (section(tray.body, id).match(/<tr class="govuk-table__row">/g) ?? []).length);
        // Each section with clocks has a table with a heading row.
        assert.equal(rows.reduce((n, r) => n + Math.max(0, r - 1), 0), 1000, `rows by section, headings included: ${rows}`);
        // Overdue ones come first, so none of them is what was left out.
        assert.match(section(tray.body, 'overdue'), /Osian Pritchard/);
        const cy = pageText((await (await signedIn('duty@sirfynydd.example', 'cy')).get('/work-tray')).body);
        assert.match(cy, /Dim ond y 1,000 cloc mwyaf brys sy’n cael eu dangos yma\./);
        // The filtered tray holds only the person's own cases: no warning there.
        assert.doesNotMatch(pageText((await duty.get('/work-tray?mine=1')).body), /most urgent clocks are shown/);
        const audited = await h.handle.db.selectFrom('audit_events').select('detail').where('action', '=', 'case.work_tray').orderBy('id', 'desc').limit(3).execute();
        assert.deepEqual(audited.map((a) => (a.detail as { truncated: boolean }).truncated), [false, true, true]);
      } finally {
        await sql`DELETE FROM case_clocks WHERE key LIKE 'T-C8#bulk%'`.execute(h.handle.db);
      }
    });
  });
}

describe('catalogue entries the work pages build from domain vocabulary', () => {
  it('has every timer’s start and stop, every setting’s label and hint, every alert and registration category, in both languages', () => {
    const built = [
      ...TIMER_IDS.flatMap((id) => [`timer.${id}.start`, `timer.${id}.stop`]),
      ...Object.values(TIMER_RULES).flatMap((r) => r.alerts.map((a) => `timer.alerted.${a}`)),
      ...RULE_SETTING_DEFINITIONS.flatMap((d) => [`settings.setting.${d.key}`, `settings.setting.${d.key}.hint`]),
      ...ALERT_REASONS.map((r) => `alert.reason.${r}`),
      ...REGISTRATION_CATEGORIES.map((c) => `register.category.${c}`),
      ...['GAP', 'INFERRED', 'UNVERIFIED'].flatMap((s) => [`settings.status.${s}`, `settings.status.${s}.meaning`]),
      ...['range', 'boolean', 'unknown'].flatMap((e) => [`error.setting.${e}`, `settings.error.${e}`]),
    ];
    assert.deepEqual(built.filter((k) => !(k in CATALOGUES.en) || !(k in CATALOGUES.cy)), []);
  });
});
