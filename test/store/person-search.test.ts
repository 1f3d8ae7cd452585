import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { insertPerson } from '../../src/store/concerns.repository.js';
import { DEMO_ORGANISATIONS } from '../../src/services/demo.service.js';
import { insertOrganisation } from '../../src/store/organisations.repository.js';

/**
 * The person search's storage (migration 009), on both engines: a name is folded and split
 * into words the same way by PGlite (collation C) and PostgreSQL, each new word reaches the
 * dictionary however the person is written, and nothing malformed is stored as an NHS number.
 */
for (const engine of ENGINES) {
  describe(`person search storage (${engine})`, () => {
    let h: DatabaseHandle;
    const org = DEMO_ORGANISATIONS.school;
    const person = (fullName: string, nhsNumber: string | null = null) => ({
      id: randomUUID(), kind: 'child', fullName, dateOfBirth: '2015-05-05', expectedDueDate: null, nhsNumber, address: null,
      firstLanguage: null, welshPreferred: null, communicationNeeds: null, organisationId: org.id, createdAt: new Date('2026-11-17T10:00:00Z'),
    });
    const wordsOf = async (id: string) => (await h.db.selectFrom('people').select('search_words').where('id', '=', id).executeTakeFirstOrThrow()).search_words;
    const inDictionary = async (word: string) => (await h.db.selectFrom('person_name_words').select('word').where('word', '=', word).execute()).length;

    before(async () => {
      h = await openTestDatabase(engine);
      await insertOrganisation(h.db, { id: org.id, nameEn: org.nameEn, nameCy: org.nameCy, kind: org.kind, localAuthorityId: null });
    });
    after(async () => h?.close());

    it('folds accents and capitals and splits at spaces, hyphens, apostrophes and stops', async () => {
      const p = person('Gwenllïan  Ŵyn-JONES O’Brien St. Siân');
      await h.db.transaction().execute((tx) => insertPerson(tx, p));
      assert.deepEqual(await wordsOf(p.id), ['gwenllian', 'wyn', 'jones', 'o', 'brien', 'st', 'sian']);
      const typed = await sql<{ words: string[] }>`SELECT person_search_words(${'  SIÂN  jones '}) AS words`.execute(h.db);
      assert.deepEqual(typed.rows[0]!.words, ['sian', 'jones']);
    });

    it('adds each new word to the dictionary once per statement, whoever writes the person', async () => {
      const a = person('Eluned Prydderch');
      const b = person('Eluned Prydderch-Watkin');
      await h.db.transaction().execute(async (tx) => {
        await insertPerson(tx, a);
        await insertPerson(tx, b);
      });
      assert.equal(await inDictionary('prydderch'), 1);
      assert.equal(await inDictionary('watkin'), 1);
      // A bulk insert (the benchmark loader's way) and a change of name are covered too.
      await h.db.insertInto('people').values([person('Morfudd Llwyd'), person('Morfudd Llwyd')].map((x) => ({
        id: x.id, kind: x.kind, full_name: x.fullName, organisation_id: x.organisationId, created_at: x.createdAt,
      }))).execute();
      assert.equal(await inDictionary('morfudd'), 1);
      await h.db.updateTable('people').set({ full_name: 'Eluned Rhydderch' }).where('id', '=', a.id).execute();
      assert.equal(await inDictionary('rhydderch'), 1);
      assert.deepEqual(await wordsOf(a.id), ['eluned', 'rhydderch']);
    });

    it('stores an NHS number only as ten digits', async () => {
      await h.db.transaction().execute((tx) => insertPerson(tx, person('Cai Morgan', '9434765919')));
      for (const bad of ['943 476 5919', '943476591', 'abcdefghij']) {
        await assert.rejects(h.db.transaction().execute((tx) => insertPerson(tx, person('Cai Morgan', bad))), /check constraint/, bad);
      }
    });
  });
}
