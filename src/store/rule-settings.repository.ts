import { sql } from 'kysely';
import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';
import { mustReturn, type Write } from './write-together.js';

/**
 * The rule settings and the closure dates, in one statement: every step on a case and every
 * case page needs both. A setting's latest value wins; the settings version is the id of
 * the latest change (0 = the defaults).
 */
export interface RuleInputs {
  values: Record<string, unknown>;
  version: number;
  closures: string[];
}

export function ruleInputsReading() {
  const query = sql<{ id: string | null; key: string | null; value: unknown; closed_on: string | null }>`
    SELECT id::text AS id, key, value, NULL::date AS closed_on FROM rule_setting_changes
    UNION ALL
    SELECT NULL, NULL, NULL, closed_on FROM calendar_closures`;
  return reading(query, (rows): RuleInputs => {
    const changes = rows.filter((r) => r.closed_on === null).sort((x, y) => Number(x.id) - Number(y.id));
    const values: Record<string, unknown> = {};
    for (const c of changes) values[c.key!] = c.value;
    const version = changes.length ? Number(changes[changes.length - 1]!.id) : 0;
    const closures = rows.flatMap((r) => (r.closed_on === null ? [] : [r.closed_on])).sort();
    return { values, version, closures };
  });
}

export async function loadRuleInputs(db: Db | Tx): Promise<RuleInputs> {
  return readOne(db, ruleInputsReading());
}

/**
 * A guard for writeTogether (`what`: 'rules'): the settings version and the closure dates
 * are still those given (as loadRuleInputs answered them). A step computed from rules kept
 * in memory is written with it, so rules changed since are never used unnoticed.
 */
export function ruleInputsUnchangedGuard(db: Db | Tx, version: number, closures: readonly string[]): Write {
  return mustReturn(
    db.selectNoFrom(sql<number>`1`.as('unchanged')).where(
      sql<boolean>`(SELECT coalesce(max(id), 0) FROM rule_setting_changes) = ${version}
        AND (SELECT coalesce(string_agg(closed_on::text, ',' ORDER BY closed_on), '') FROM calendar_closures) = ${closures.join(',')}`,
    ),
    'rules',
  );
}

export async function insertRuleSettingChange(tx: Tx, key: string, value: number | boolean, at: Date, by: string): Promise<void> {
  await tx.insertInto('rule_setting_changes').values({ key, value: JSON.stringify(value), changed_at: at, changed_by: by }).execute();
}

export async function listClosures(db: Db | Tx) {
  const rows = await db.selectFrom('calendar_closures').selectAll().orderBy('closed_on').execute();
  return rows.map((r) => ({ date: r.closed_on, nameEn: r.name_en, nameCy: r.name_cy, addedAt: r.added_at }));
}

export async function insertClosure(tx: Tx, c: { date: string; nameEn: string; nameCy: string; addedBy: string; addedAt: Date }): Promise<boolean> {
  const r = await tx
    .insertInto('calendar_closures')
    .values({ closed_on: c.date, name_en: c.nameEn, name_cy: c.nameCy, added_by: c.addedBy, added_at: c.addedAt })
    .onConflict((oc) => oc.column('closed_on').doNothing())
    .returning('closed_on')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteClosure(tx: Tx, date: string): Promise<boolean> {
  const r = await tx.deleteFrom('calendar_closures').where('closed_on', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
