import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { SPECIFIC_RISKS, SUBJECT_KINDS } from '../../src/domain/concern.js';
import {
  HARM_ROUTES,
  REFERENCE_KINDS,
  ROUTED_RISKS,
  TASK_IDS,
  adultModernSlaveryRoute,
  completionErrors,
  dueAtFor,
  dueStatus,
  isRoutedRisk,
  tasksFor,
  validateCompletion,
  type HarmRouteTask,
} from '../../src/domain/harm-routes.js';
import { CATALOGUES } from '../../src/web/i18n/i18n.js';

const calendar = createCalendar();
/** Tuesday 17 November 2026, 10:00 in London. */
const raised = new Date('2026-11-17T10:00:00Z');

const ids = (risk: string, kind: 'child' | 'adult', facts: { registered?: boolean } = {}) =>
  tasksFor(risk as never, kind, raised, calendar, facts).map((t) => t.task.id);

/** The DOMAIN.md §0 source register ids the table may cite. */
const SOURCE_IDS = new Set([
  'GOV-FGM', 'MDU-FGM', 'FLICK-FGM', 'NSPCC-WALES', 'GOV-FM', 'ITV-FM', 'GOV-CHANNEL', 'WSP-C6-P12', 'MSH-NRM', 'COP-NRM',
  'BARN-ICTG', 'GWENT-MAPPA', 'WSP-A3.1-P14', 'MP-WALES', 'CIW-MISSING', 'WSP-C6-P9', 'WSP-C4-P11', 'GOV-SUSR', 'CHILDCOM-SUSR',
]);

function taskOf(risk: keyof typeof HARM_ROUTES, kind: 'child' | 'adult', id: string): HarmRouteTask {
  const t = HARM_ROUTES[risk][kind].find((x) => x.id === id);
  assert.ok(t, `${risk}/${kind}/${id}`);
  return t;
}

describe('specific harm routes: the §6.2 table', () => {
  it('routes exactly the §6.2 risks, and every routed risk is a risk a concern can carry', () => {
    assert.deepEqual([...ROUTED_RISKS].sort(), ['fgm', 'forced_marriage', 'mappa', 'missing', 'modern_slavery_trafficking', 'radicalisation', 'serious_harm_or_death']);
    for (const r of ROUTED_RISKS) assert.ok((SPECIFIC_RISKS as readonly string[]).includes(r), r);
    for (const r of ['domestic_abuse', 'online_abuse', 'child_sexual_exploitation']) {
      assert.equal(isRoutedRisk(r), false);
      assert.deepEqual(tasksFor(r as never, 'child', raised, calendar), []);
    }
  });

  it('creates the §6.2 tasks for every route and subject kind', () => {
    const expected: Record<string, Record<'child' | 'adult', string[]>> = {
      fgm: { child: ['fgm.police_report'], adult: ['fgm.consider_police_report'] },
      forced_marriage: { child: ['forced_marriage.fmu_contact', 'forced_marriage.fmpo_decision'], adult: ['forced_marriage.fmu_contact', 'forced_marriage.fmpo_decision'] },
      radicalisation: { child: ['radicalisation.prevent_referral', 'radicalisation.channel_outcome'], adult: ['radicalisation.prevent_referral', 'radicalisation.channel_outcome'] },
      modern_slavery_trafficking: { child: ['modern_slavery.nrm_referral_child', 'modern_slavery.ictg_referral'], adult: ['modern_slavery.nrm_or_ms1_adult'] },
      mappa: { child: ['mappa.share_with_responsible_authority'], adult: ['mappa.share_with_responsible_authority', 'mappa.consider_strategy_meeting'] },
      missing: { child: ['missing.tell_police', 'missing.return_home_interview'], adult: ['missing.tell_police'] },
      serious_harm_or_death: { child: ['susr.referral', 'susr.chair_decision'], adult: ['susr.referral', 'susr.chair_decision'] },
    };
    for (const risk of ROUTED_RISKS) {
      for (const kind of SUBJECT_KINDS) assert.deepEqual(ids(risk, kind), expected[risk]![kind], `${risk} / ${kind}`);
    }
  });

  it('records the reference §6.2 names for each route', () => {
    const kinds = (risk: keyof typeof HARM_ROUTES, kind: 'child' | 'adult') => HARM_ROUTES[risk][kind].map((t) => t.reference.kind);
    assert.deepEqual(kinds('fgm', 'child'), ['police_reference']);
    assert.deepEqual(kinds('forced_marriage', 'child'), ['fmu_reference', 'fmpo_decision']);
    assert.deepEqual(kinds('radicalisation', 'adult'), ['prevent_referral_id', 'channel_outcome']);
    assert.deepEqual(kinds('modern_slavery_trafficking', 'child'), ['nrm_reference', 'ictg_reference']);
    assert.deepEqual(kinds('modern_slavery_trafficking', 'adult'), ['nrm_or_ms1']);
    assert.deepEqual(kinds('mappa', 'child'), ['mappa_category_level']);
    assert.deepEqual(kinds('missing', 'child'), ['police_log_number', 'return_home_interview', 'senior_manager_told']);
    assert.deepEqual(kinds('serious_harm_or_death', 'adult'), ['susr_reference', 'rsb_chair_decision']);
  });

  it('puts the FGM duty on the professional, for a girl under 18 only', () => {
    const fgm = taskOf('fgm', 'child', 'fgm.police_report');
    assert.equal(fgm.who, 'harmRoute.who.professional');
    assert.deepEqual(fgm.deadline, { kind: 'calendar_month', verify: true });
    // For an adult there is no mandatory report: the local authority considers one.
    const adult = taskOf('fgm', 'adult', 'fgm.consider_police_report');
    assert.equal(adult.who, 'harmRoute.who.localAuthority');
    assert.deepEqual(adult.deadline, { kind: 'none' });
    assert.match(CATALOGUES.en[fgm.what]!, /personal/);
  });

  it('gives every task its who, what, reference label and sources, in English and Welsh', () => {
    const seen = new Set<string>();
    for (const risk of ROUTED_RISKS) {
      for (const kind of SUBJECT_KINDS) {
        for (const t of HARM_ROUTES[risk][kind]) {
          seen.add(t.id);
          assert.ok(t.sources.length > 0 && t.sources.every((s) => SOURCE_IDS.has(s)), `${t.id}: ${t.sources.join(',')}`);
          for (const key of [t.who, t.what, t.reference.label, `harmRoute.reference.${t.reference.kind}.hint`, `harmRoute.task.${t.id}.title`]) {
            assert.ok(key in CATALOGUES.en && key in CATALOGUES.cy, `${t.id}: ${key}`);
          }
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...TASK_IDS].sort());
    for (const k of REFERENCE_KINDS) assert.ok(`harmRoute.reference.${k}.label` in CATALOGUES.en, k);
    for (const r of ROUTED_RISKS) assert.ok(`risk.${r}` in CATALOGUES.en && `risk.${r}` in CATALOGUES.cy, r);
  });
});

describe('specific harm routes: due dates', () => {
  it('gives FGM one calendar month from the disclosure, to the end of that day (secondary source: verify)', () => {
    const [t] = tasksFor('fgm', 'child', raised, calendar);
    // 17 November → end of 17 December 2026 (London is on GMT): due at midnight starting 18 December.
    assert.equal(t!.dueAt!.toISOString(), '2026-12-18T00:00:00.000Z');
    // Month arithmetic clamps: 31 January → end of 28 February; across the clock change, London midnight is 23:00 UTC.
    assert.equal(dueAtFor({ kind: 'calendar_month', verify: true }, new Date('2027-01-31T12:00:00Z'))!.toISOString(), '2027-03-01T00:00:00.000Z');
    assert.equal(dueAtFor({ kind: 'calendar_month', verify: true }, new Date('2026-05-10T12:00:00Z'))!.toISOString(), '2026-06-10T23:00:00.000Z');
  });

  it('asks for the police to be told immediately when a child or an adult is missing', () => {
    for (const kind of SUBJECT_KINDS) {
      const police = tasksFor('missing', kind, raised, calendar).find((t) => t.task.id === 'missing.tell_police')!;
      assert.deepEqual(police.task.deadline, { kind: 'immediately' });
      assert.equal(police.dueAt!.getTime(), raised.getTime());
      assert.equal(dueStatus(police.task, police.dueAt, null, new Date(raised.getTime() + 3_600_000)), 'immediately');
    }
    // The return home interview has no national timing (GAP).
    const rhi = tasksFor('missing', 'child', raised, calendar).find((t) => t.task.id === 'missing.return_home_interview')!;
    assert.equal(rhi.dueAt, null);
    assert.equal(dueStatus(rhi.task, null, null, raised), 'none');
  });

  it('tells the senior manager immediately only when the missing child is on the register', () => {
    assert.ok(!ids('missing', 'child').includes('missing.tell_senior_manager'));
    assert.ok(ids('missing', 'child', { registered: true }).includes('missing.tell_senior_manager'));
    assert.ok(!ids('missing', 'adult', { registered: true }).includes('missing.tell_senior_manager'));
  });

  it('counts working days on the calendar, and reads a dated task as overdue once its day is over', () => {
    // Friday 18 December 2026 + 3 working days: Monday 21, Tuesday 22, Wednesday 23 → due by the end of the 23rd.
    const due = dueAtFor({ kind: 'working_days', n: 3 }, new Date('2026-12-18T10:00:00Z'), calendar)!;
    assert.equal(due.toISOString(), '2026-12-24T00:00:00.000Z');
    assert.throws(() => dueAtFor({ kind: 'working_days', n: 3 }, raised));
    const fgm = taskOf('fgm', 'child', 'fgm.police_report');
    const dueAt = new Date('2026-12-18T00:00:00Z');
    assert.equal(dueStatus(fgm, dueAt, null, new Date('2026-12-17T23:59:59Z')), 'due');
    assert.equal(dueStatus(fgm, dueAt, null, dueAt), 'overdue');
    assert.equal(dueStatus(fgm, dueAt, new Date('2026-12-19T00:00:00Z'), dueAt), 'done');
  });
});

describe('specific harm routes: completing a task', () => {
  const police = taskOf('fgm', 'child', 'fgm.police_report');
  const adultNrm = taskOf('modern_slavery_trafficking', 'adult', 'modern_slavery.nrm_or_ms1_adult');
  const mappa = taskOf('mappa', 'child', 'mappa.share_with_responsible_authority');

  it('needs a reference, trimmed, of at most 100 characters', () => {
    assert.deepEqual(completionErrors(police, {}), { reference: 'error.harmRouteReference.required' });
    assert.deepEqual(completionErrors(police, { reference: '   ' }), { reference: 'error.harmRouteReference.required' });
    assert.deepEqual(completionErrors(police, { reference: 'x'.repeat(101) }), { reference: 'error.harmRouteReference.too_long' });
    assert.deepEqual(completionErrors(police, { reference: ['a'] }), { reference: 'error.harmRouteReference.invalid' });
    assert.deepEqual(completionErrors(police, { reference: 'ok', notes: 'n'.repeat(2001) }), { notes: 'error.harmRouteNotes.too_long' });
    const ok = validateCompletion(police, { reference: `  ${'x'.repeat(100)}  `, notes: '  ' });
    assert.ok(ok.ok);
    assert.equal(ok.value.reference, 'x'.repeat(100));
    assert.equal(ok.value.notes, null);
    assert.deepEqual(ok.value.detail, { referenceKind: 'police_reference' });
  });

  it('asks whether the adult consents: yes → an NRM reference, no → the MS1 duty-to-notify reference', () => {
    assert.equal(adultModernSlaveryRoute('yes'), 'nrm_reference');
    assert.equal(adultModernSlaveryRoute('no'), 'ms1_reference');
    assert.deepEqual(completionErrors(adultNrm, { reference: 'NRM-1' }), { consent: 'error.harmRouteConsent.required' });
    assert.deepEqual(completionErrors(adultNrm, { consent: 'maybe', reference: 'NRM-1' }), { consent: 'error.harmRouteConsent.required' });
    assert.deepEqual(completionErrors(adultNrm, { consent: 'yes' }), { reference: 'error.harmRouteReference.nrmRequired' });
    assert.deepEqual(completionErrors(adultNrm, { consent: 'no' }), { reference: 'error.harmRouteReference.ms1Required' });
    const yes = validateCompletion(adultNrm, { consent: 'yes', reference: 'NRM-2026-0001' });
    assert.ok(yes.ok);
    assert.deepEqual(yes.value.detail, { referenceKind: 'nrm_reference', consent: 'yes' });
    const no = validateCompletion(adultNrm, { consent: 'no', reference: 'MS1-77' });
    assert.ok(no.ok);
    assert.deepEqual(no.value.detail, { referenceKind: 'ms1_reference', consent: 'no' });
    // A child needs no consent: the child's NRM task asks for none.
    const childNrm = taskOf('modern_slavery_trafficking', 'child', 'modern_slavery.nrm_referral_child');
    assert.deepEqual(completionErrors(childNrm, { reference: 'NRM-3' }), {});
  });

  it('records a MAPPA category and level, each 1 to 3; the reference is optional', () => {
    assert.deepEqual(completionErrors(mappa, {}), { category: 'error.mappaCategory.invalid', level: 'error.mappaLevel.invalid' });
    for (const bad of ['0', '4', '1.5', 'two', '', -1, 4]) {
      assert.equal(completionErrors(mappa, { category: bad, level: '1' })['category'], 'error.mappaCategory.invalid', String(bad));
      assert.equal(completionErrors(mappa, { category: '1', level: bad })['level'], 'error.mappaLevel.invalid', String(bad));
    }
    const ok = validateCompletion(mappa, { category: '2', level: 3 });
    assert.ok(ok.ok);
    assert.deepEqual(ok.value.detail, { referenceKind: 'mappa_category_level', category: 2, level: 3 });
    assert.equal(ok.value.reference, null);
    assert.deepEqual(completionErrors(mappa, { category: '1', level: '1', reference: 'y'.repeat(101) }), { reference: 'error.harmRouteReference.too_long' });
  });

  it('has English and Welsh for every error it gives', () => {
    for (const key of [
      'error.harmRouteReference.required', 'error.harmRouteReference.too_long', 'error.harmRouteReference.invalid',
      'error.harmRouteReference.nrmRequired', 'error.harmRouteReference.ms1Required', 'error.harmRouteConsent.required',
      'error.mappaCategory.invalid', 'error.mappaLevel.invalid', 'error.harmRouteNotes.too_long', 'error.harmRouteNotes.invalid',
      'error.harmRouteRisks.required', 'error.harmRouteRisks.invalid', 'error.harmRoute.alreadyDone',
    ]) {
      assert.ok(key in CATALOGUES.en && key in CATALOGUES.cy, key);
    }
  });
});
