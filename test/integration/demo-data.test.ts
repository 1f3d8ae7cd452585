import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ENGINES, openTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../src/store/database.js';
import { FixedClock } from '../../src/platform/clock.js';
import { createCalendar } from '../../src/domain/calendar/working-days.js';
import { DEMO_USERS, demoTotpSecret, enrolDemoUsers, loadDemoData } from '../../src/services/demo.service.js';
import { findMfa } from '../../src/store/mfa.repository.js';
import { findUserByEmail } from '../../src/store/users.repository.js';
import { openSecret } from '../../src/platform/secret-box.js';

/** The demo users' authenticators: every start sets up any that are missing (and only those). */
for (const engine of ENGINES) {
  describe(`demo users' authenticators (${engine})`, () => {
    let h: DatabaseHandle;
    const clock = new FixedClock(new Date('2026-11-17T10:00:00Z'));
    const mfaKey = randomBytes(32);
    before(async () => {
      h = await openTestDatabase(engine);
      await loadDemoData(h.db, clock, createCalendar(), mfaKey);
    });
    after(async () => h?.close());

    it('sets up the missing ones with their demo secret, and then none', async () => {
      assert.equal(await enrolDemoUsers(h.db, clock, mfaKey), 0, 'all set up with the demo data');
      const [a, b] = [DEMO_USERS[0]!.email, DEMO_USERS[3]!.email];
      const ids = await Promise.all([a, b].map(async (e) => (await findUserByEmail(h.db, e))!.id));
      await h.db.deleteFrom('user_mfa').where('user_id', 'in', ids).execute();
      assert.equal(await enrolDemoUsers(h.db, clock, mfaKey), 2);
      for (const [i, email] of [a, b].entries()) {
        const mfa = (await findMfa(h.db, ids[i]!))!;
        assert.deepEqual(openSecret(mfaKey, mfa.sealedSecret, ids[i]!), demoTotpSecret(email));
      }
      assert.equal(await enrolDemoUsers(h.db, clock, mfaKey), 0);
    });
  });
}
