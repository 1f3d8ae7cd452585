import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import * as store from '../store/rule-settings.repository.js';
import { can } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { RULE_SETTING_DEFINITIONS, RULESET_VERSION } from '../domain/rule-settings.js';
import { BANK_HOLIDAY_SOURCE, BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../domain/calendar/bank-holidays-england-wales.js';
import { TIMER_IDS, TIMER_RULES, durationOf } from '../domain/timers.js';
import { audit } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';
import { closureSchema } from './case.input.js';
import { loadRules } from './case-engine.js';

/**
 * The rules in force: every timer with its source, the settings that hold values the
 * procedures leave to regions (GAP), the bank holidays and the local closures. Case
 * workers and administrators can read them; only an administrator changes them.
 */
export function createRulesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return {
    async overview(caller: Caller) {
      if (!can(caller, 'rules.view')) throw new DomainError('not_found', 'error.notFound');
      const rules = await loadRules(db);
      const closures = await store.listClosures(db);
      return {
        ruleset: rules.ruleset,
        rulesetVersion: RULESET_VERSION,
        settingsVersion: rules.settingsVersion,
        settings: RULE_SETTING_DEFINITIONS.map((d) => ({ ...d, value: rules.settings[d.key] })),
        timers: TIMER_IDS.map((id) => ({ ...TIMER_RULES[id], resolved: durationOf(TIMER_RULES[id], rules.settings) })),
        closures,
        bankHolidays: { source: BANK_HOLIDAY_SOURCE, years: BANK_HOLIDAY_YEARS, count: ENGLAND_AND_WALES_BANK_HOLIDAYS.length },
        canManage: can(caller, 'rules.manage'),
      };
    },

    /** Change settings. Values arrive as strings from a page or typed from the API; all are checked first. */
    async updateSettings(caller: Caller, raw: Record<string, unknown>, ctx: RequestContext): Promise<{ settingsVersion: number }> {
      if (!can(caller, 'rules.manage')) throw new DomainError('not_found', 'error.notFound');
      const errors: Record<string, string> = {};
      const changes: { key: string; value: number | boolean }[] = [];
      for (const d of RULE_SETTING_DEFINITIONS) {
        if (!(d.key in raw)) continue;
        const v = raw[d.key];
        if (d.kind === 'boolean') {
          const b = v === true || v === 'true' || v === 'yes' ? true : v === false || v === 'false' || v === 'no' ? false : null;
          if (b === null) errors[d.key] = 'error.setting.boolean';
          else changes.push({ key: d.key, value: b });
        } else {
          const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
          if (!Number.isInteger(n) || n < (d.min ?? 0) || n > (d.max ?? Number.MAX_SAFE_INTEGER)) errors[d.key] = 'error.setting.range';
          else changes.push({ key: d.key, value: n });
        }
      }
      const unknown = Object.keys(raw).filter((k) => k !== 'expectedVersion' && k !== '_csrf' && !RULE_SETTING_DEFINITIONS.some((d) => d.key === k));
      if (unknown.length) errors[unknown[0]!] = 'error.setting.unknown';
      if (Object.keys(errors).length) throw new DomainError('validation', 'error.validation', errors);
      return db.transaction().execute(async (tx) => {
        const now = clock.now();
        const current = await loadRules(tx);
        // Two administrators editing at once: the second is told, rather than silently overwriting.
        if (raw['expectedVersion'] !== undefined && Number(raw['expectedVersion']) !== current.settingsVersion) {
          throw new DomainError('conflict', 'error.conflict');
        }
        let changed = 0;
        for (const c of changes) {
          if (current.settings[c.key as keyof typeof current.settings] === c.value) continue;
          await store.insertRuleSettingChange(tx, c.key, c.value, now, caller.userId);
          changed++;
        }
        await audit(tx, now, caller, ctx, 'rules.update_settings', null, 'success', { changes: changes.length, changed });
        return { settingsVersion: (await loadRules(tx)).settingsVersion };
      });
    },

    async addClosure(caller: Caller, raw: unknown, ctx: RequestContext): Promise<void> {
      if (!can(caller, 'rules.manage')) throw new DomainError('not_found', 'error.notFound');
      const parsed = closureSchema.safeParse(raw ?? {});
      if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const added = await store.insertClosure(tx, { ...parsed.data, addedBy: caller.userId, addedAt: now });
        if (!added) throw new DomainError('validation', 'error.validation', { date: 'error.closedOn.duplicate' });
        await audit(tx, now, caller, ctx, 'rules.add_closure', null, 'success', { date: parsed.data.date });
      });
    },

    async removeClosure(caller: Caller, date: string, ctx: RequestContext): Promise<void> {
      if (!can(caller, 'rules.manage')) throw new DomainError('not_found', 'error.notFound');
      await db.transaction().execute(async (tx) => {
        const removed = /^\d{4}-\d{2}-\d{2}$/.test(date) && (await store.deleteClosure(tx, date));
        if (!removed) throw new DomainError('not_found', 'error.notFound');
        await audit(tx, clock.now(), caller, ctx, 'rules.remove_closure', null, 'success', { date });
      });
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
