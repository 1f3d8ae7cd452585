import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/database.js';

/** diogel audit seal | verify | export-checkpoints, on an embedded database in a temporary folder. */
describe('diogel audit', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-audit-'));
  const exportFile = path.join(dataDir, 'checkpoints.json');
  const run = (args: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, ['bin/diogel.js', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DEMO: 'true', AUDIT_SIGNING_KEY: '', AUDIT_VERIFY_KEY: '', ...env },
      encoding: 'utf8',
    });
    return { status: result.status, out: result.stdout + result.stderr };
  };
  /** The database owner working behind the triggers. */
  const tamper = async (statements: string) => {
    const handle = await openDatabase({ dataDir });
    try {
      await sql.raw(`alter table audit_events disable trigger user; alter table audit_checkpoints disable trigger user;
        ${statements};
        alter table audit_events enable trigger user; alter table audit_checkpoints enable trigger user;`).execute(handle.db);
    } finally {
      await handle.close();
    }
  };

  it('seals, verifies, exports, and exits 1 naming the problem once a row is changed', async () => {
    assert.equal(run(['demo']).status, 0);
    const keyFile = path.join(dataDir, 'audit-signing-key.pem');

    const sealed = run(['audit', 'seal']);
    assert.equal(sealed.status, 0, sealed.out);
    assert.match(sealed.out, /Sealed [\d,]+ audit events? into checkpoint 1\./);
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the demo key is readable by its owner only');

    const intact = run(['audit', 'verify']);
    assert.equal(intact.status, 0, intact.out);
    assert.match(intact.out, /^The audit log is intact\.\nChecked [\d,]+ events? and 1 checkpoint: [\d,]+ sealed, 0 not sealed yet\./);

    const exported = run(['audit', 'export-checkpoints', exportFile]);
    assert.equal(exported.status, 0, exported.out);
    assert.match(exported.out, /Exported 1 checkpoint to /);
    assert.equal(JSON.parse(fs.readFileSync(exportFile, 'utf8')).checkpoints.length, 1);

    // Another machine holds only the public key, and DEMO is off there.
    const publicKey = createPublicKey(createPrivateKey(fs.readFileSync(keyFile, 'utf8'))).export({ type: 'spki', format: 'pem' }).toString();
    const elsewhere = run(['audit', 'verify', '--checkpoints', exportFile], { DEMO: 'false', AUDIT_VERIFY_KEY: publicKey });
    assert.equal(elsewhere.status, 0, elsewhere.out);
    assert.match(elsewhere.out, /Compared with 1 exported checkpoint\./);

    await tamper(`update audit_events set outcome = 'denied' where id = (select min(id) from audit_events)`);
    const edited = run(['audit', 'verify']);
    assert.equal(edited.status, 1, edited.out);
    assert.match(edited.out, /^The audit log has been changed or damaged: 1 problem found\.\n  - Checkpoint 1 \(events 1 to [\d,]+\): the events do not match what was sealed\./);
  });

  it('catches a log emptied with its checkpoints only when given the exported copy', async () => {
    await tamper('delete from audit_events; delete from audit_checkpoints');
    const alone = run(['audit', 'verify']);
    assert.equal(alone.status, 0, 'nothing left in the database to contradict');
    const withCopy = run(['audit', 'verify', '--checkpoints', exportFile]);
    assert.equal(withCopy.status, 1, withCopy.out);
    assert.match(withCopy.out, /Checkpoint 1 is in the exported copy but not in the database/);
  });

  it('will not seal without a key unless it is a demo, and says what to do', () => {
    const refused = run(['audit', 'seal'], { DEMO: 'false' });
    assert.equal(refused.status, 1);
    assert.match(refused.out, /AUDIT_SIGNING_KEY is not set\. Audit checkpoints must be signed with a key kept outside the database\.\nMake one with: openssl genpkey/);
    const noServe = run(['serve'], { DEMO: 'false', PORT: '0' });
    assert.equal(noServe.status, 1);
    assert.match(noServe.out, /AUDIT_SIGNING_KEY is not set/);
    const usage = run(['audit', 'rotate']);
    assert.equal(usage.status, 2);
    assert.match(usage.out, /Unknown audit command: rotate/);
  });
});
