import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GUIDANCE_DOCUMENTS } from '../../src/domain/guidance/catalogue/index.js';
import { entriesOf, HAVE_SEEDS, SEEDS_DIR, standInText } from '../support/guidance-fixture.js';

/**
 * `diogel guidance import` as an administrator runs it, on the embedded database: against
 * every seed document where the seeds are here, and always against stand-in texts laid
 * out like each document.
 */

/** The environment of the test run, pointed at an embedded database in a folder of its own. */
function embeddedEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return env;
}

describe('diogel guidance import', () => {
  let dataDir: string;
  const diogel = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: embeddedEnv(dataDir),
      encoding: 'utf8',
    });

  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-guidance-cli-'));
    const demo = diogel('demo');
    assert.equal(demo.status, 0, demo.stderr);
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  function expectAllMatched(file: string): void {
    const run = diogel('guidance', 'import', file, '--organisation', 'Sir Fynydd County Council');
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const m = /\((.+)\) for Sir Fynydd County Council:\n {2}matched (\d+) of (\d+) entries/.exec(run.stdout);
    assert.ok(m, run.stdout);
    const expected = entriesOf(GUIDANCE_DOCUMENTS.find((d) => d.id === m![1])!);
    assert.equal(Number(m![2]), expected);
    assert.equal(Number(m![3]), expected);
    assert.doesNotMatch(run.stdout, /not found in the text|no entry claims/);
  }

  const seeds = HAVE_SEEDS ? fs.readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort() : [];
  for (const file of seeds) {
    it(`matches every catalogue entry of seed ${file}`, () => expectAllMatched(path.join(SEEDS_DIR, file)));
  }
  for (const document of GUIDANCE_DOCUMENTS) {
    it(`matches every catalogue entry of a stand-in ${document.id}`, () => {
      const file = path.join(dataDir, `${document.id}.txt`);
      fs.writeFileSync(file, standInText(document.id));
      expectAllMatched(file);
    });
  }

  it('refuses a text it does not recognise, an unknown organisation and a missing file, storing nothing', () => {
    const stray = path.join(dataDir, 'stray.txt');
    fs.writeFileSync(stray, 'Minutes of the allotment society\n1. Apologies\n');
    const notRecognised = diogel('guidance', 'import', stray, '--organisation', 'Sir Fynydd County Council');
    assert.equal(notRecognised.status, 2);
    assert.match(notRecognised.stderr, /does not match any document in the catalogue/);
    const standIn = path.join(dataDir, 'social-media-again.txt');
    fs.writeFileSync(standIn, standInText('social-media'));
    const unknownOrg = diogel('guidance', 'import', standIn, '--organisation', 'Nowhere Council');
    assert.equal(unknownOrg.status, 2);
    assert.match(unknownOrg.stderr, /There is no organisation called Nowhere Council/);
    const noFile = diogel('guidance', 'import', path.join(dataDir, 'missing.txt'), '--organisation', 'Sir Fynydd County Council');
    assert.equal(noFile.status, 2);
    const noOrg = diogel('guidance', 'import', stray);
    assert.equal(noOrg.status, 2);
    assert.match(noOrg.stderr, /--organisation/);
  });
});
