import type { Db, Tx } from './database.js';

/** The latest value of each setting, and the settings version (id of the latest change; 0 = defaults). */
export async function loadRuleSettings(db: Db | Tx): Promise<{ values: Record<string, unknown>; version: number }> {
  const rows = await db
    .selectFrom('rule_setting_changes')
    .select(['id', 'key', 'value'])
    .orderBy('id')
    .execute();
  const values: Record<string, unknown> = {};
  let version = 0;
  for (const r of rows) {
    values[r.key] = r.value;
    version = Math.max(version, Number(r.id));
  }
  return { values, version };
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
