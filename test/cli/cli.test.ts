import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hotp, totpStep } from '../../src/platform/totp.js';
import { demoTotpSecret } from '../../src/services/demo.service.js';

/** Step 1 of the skeleton: the real command on an empty folder, as `npm start` runs it. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('diogel command', () => {
  it('serves on an empty folder: migrates, loads demo data, prints the sign-in details, stops cleanly', async () => {
    let dataDir: string, port: number, child: ReturnType<typeof spawn>, exited: Promise<number | null>;
    let output = '';
    // The port was free a moment ago; another test file's server may take it first. Then
    // Diogel says so and stops, and it is started again, on another port and a new folder.
    for (let attempt = 1; ; attempt++) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-serve-'));
      port = await freePort();
      child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      let gone = false;
      exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))).finally(() => (gone = true));
      const deadline = Date.now() + 60_000;
      while (!output.includes('Press Ctrl+C to stop.') && !gone && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!(gone && /EADDRINUSE/.test(output) && attempt < 3)) break;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    try {
      assert.match(output, new RegExp(`Diogel is running at http://localhost:${port}`));
      assert.match(output, /athro@glanymor\.example\s+practitioner/);
      assert.match(output, /Password for every demo user: diogel demo passphrase/);
      assert.match(output, /get the current one with:\n  npx diogel demo-code athro@glanymor\.example\n/);
      assert.equal(fs.statSync(path.join(dataDir, 'mfa-key')).mode & 0o777, 0o600, 'the demo MFA key is kept in the data folder, for its owner only');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'ok' });
      const signIn = await fetch(`http://127.0.0.1:${port}/sign-in`);
      assert.equal(signIn.status, 200);
      assert.ok(fs.existsSync(path.join(dataDir, 'diogel.lock')));
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'diogel.lock')), false, 'the lock is released on SIGTERM');
    assert.ok(fs.existsSync(path.join(dataDir, 'pgdata')));
  });

  it('prints a demo user’s current sign-in code without the database', () => {
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, ['bin/diogel.js', 'demo-code', ...args], { env: { ...process.env, DATA_DIR: '/nonexistent/diogel', ...env }, encoding: 'utf8' });
    const before = totpStep(new Date());
    const res = run({}, 'Athro@GlanYMor.example');
    const after = totpStep(new Date());
    assert.equal(res.status, 0, res.stderr);
    const m = /^(\d{6}) {2}\(athro@glanymor\.example; changes in (\d+) seconds?\)\n$/.exec(res.stdout);
    assert.ok(m, res.stdout);
    // The code the demo user's app shows for the step the command ran in (whichever side of a step boundary that was).
    const secret = demoTotpSecret('athro@glanymor.example');
    assert.ok([before, after].map((step) => hotp(secret, step)).includes(m[1]!), `${m[1]} is the demo code`);
    assert.ok(Number(m[2]) >= 1 && Number(m[2]) <= 30);
    const unknown = run({}, 'someone@else.example');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Usage: diogel demo-code EMAIL[\s\S]*athro@glanymor\.example/);
    const notDemo = run({ DEMO: 'false' }, 'athro@glanymor.example');
    assert.equal(notDemo.status, 2);
    assert.match(notDemo.stderr, /demo users only/);
  });

  it('migrates and loads demo data once, from bin/diogel.js', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-cli-'));
    const run = (...args: string[]) => spawnSync(process.execPath, ['bin/diogel.js', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    assert.match(run('migrate').stdout, /Applied: 001-initial/);
    assert.match(run('migrate').stdout, /up to date/);
    assert.match(run('demo').stdout, /Demo data loaded/);
    assert.match(run('demo').stdout, /already has data/);
    const unknown = run('nonsense');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown command: nonsense/);
    const badConfig = spawnSync(process.execPath, ['bin/diogel.js', 'migrate'], { env: { ...process.env, DATABASE_URL: 'mysql://x' }, encoding: 'utf8' });
    assert.equal(badConfig.status, 1);
    assert.match(badConfig.stderr, /configuration is not valid[\s\S]*DATABASE_URL: must start with postgres:\/\//);
  });
});
