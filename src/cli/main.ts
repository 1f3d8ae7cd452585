import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { systemClock } from '../platform/clock.js';
import { openDatabase, type DatabaseHandle } from '../store/database.js';
import { loadMfaKey } from '../platform/mfa-key.js';
import { loadAuditSigner } from '../platform/keys.js';
import { buildAssets } from './build-assets.js';

// Only the light modules most commands share are imported here; each command imports the
// rest itself, so that `serve` loads the web layer while the database opens, and `demo-code`
// and `--help` do not load it at all.

async function usage(): Promise<string> {
  const [{ AUDIT_USAGE }, { GUIDANCE_USAGE }] = await Promise.all([import('./audit.js'), import('./guidance.js')]);
  return `Usage: diogel <command>

Commands:
  serve          migrate, load demo data into an empty database, and serve (default)
  migrate        bring the database schema up to date
  demo           load the demo data into an empty database
  sweep          de-register children on the register who have turned 18 (also hourly in serve)
  build-assets   compile the stylesheet
  demo-code EMAIL
                 print a demo user's current sign-in code (DEMO=true; no database needed)
${AUDIT_USAGE}${GUIDANCE_USAGE}`;
}

async function withDatabase<T>(config: Config, fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** The modules `serve` needs beyond the ones every command does. */
function loadServeModules() {
  return Promise.all([
    import('../store/migrate.js'),
    import('../domain/calendar/working-days.js'),
    import('../services/index.js'),
    import('../services/demo.service.js'),
    import('../services/audit-sealer.js'),
    import('../web/app.js'),
  ]);
}

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const logger = createLogger(config.LOG_LEVEL);
  // Before anything else: with no audit key (and DEMO=false) Diogel refuses to start.
  const auditSigner = loadAuditSigner(config);
  const mfaKey = loadMfaKey(config);
  await buildAssets();
  // The database opens while the rest of the code loads: the embedded one reads and compiles
  // its WebAssembly off the main thread for part of its half-second or so.
  const opening = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const loading = loadServeModules();
  const [handle, modules] = await Promise.all([opening, loading]).catch(async (err: unknown) => {
    await opening.then((h) => h.close(), () => {});
    throw err;
  });
  const [{ migrateToLatest }, { createCalendar }, { createServices }, demoData, { startAuditSealer }, { createApp }] = modules;
  const calendar = createCalendar();
  let app: FastifyInstance | undefined;
  let sealer: { stop(): Promise<void> } | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    try {
      await sealer?.stop();
      await app?.close();
    } finally {
      await handle.close();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const services = createServices({
    db: handle.db,
    clock: systemClock,
    calendar,
    auth: authSettings(config, mfaKey),
  });
  if (!config.SESSION_SECRET) logger.warn('SESSION_SECRET is not set: forms open before a restart will need reloading');
  const csrfSecret = config.SESSION_SECRET ? Buffer.from(config.SESSION_SECRET) : randomBytes(32);
  // Building the app touches no table, so it goes on while the database is migrated and
  // checked; nothing is served until both are done.
  const building = createApp({ services, logger, cookieSecure: config.COOKIE_SECURE, csrfSecret });
  building.catch(() => {}); // awaited below; a failure to migrate is the one to report first
  await migrateToLatest(handle.db);
  const demo = config.DEMO ? await demoData.loadDemoData(handle.db, systemClock, calendar, mfaKey) : { loaded: false };
  if (config.DEMO && !demo.loaded) await demoData.enrolDemoUsers(handle.db, systemClock, mfaKey);
  app = await building;
  // T-C17: children on the register are de-registered automatically when they turn 18: hourly,
  // and first a few seconds after start rather than in the way of the first pages.
  const sweep = async () => {
    try {
      const n = await services.cases.sweep();
      if (n > 0) logger.info({ deregistered: n }, 'de-registered children who have turned 18');
    } catch (err) {
      logger.error({ err }, 'the register sweep failed; it will run again in an hour');
    }
  };
  setInterval(() => void sweep(), 3_600_000).unref();
  setTimeout(() => void sweep(), 5_000).unref();
  sealer = startAuditSealer({
    db: handle.db,
    signer: auditSigner,
    clock: systemClock,
    onSealed: (made) => logger.debug({ checkpoint: made[made.length - 1]?.seq, events: made.reduce((n, c) => n + c.eventCount, 0) }, 'sealed audit events'),
    onError: (err) => logger.error({ err }, 'sealing the audit log failed; it will try again in a few seconds'),
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    `Diogel is running at ${address}  (${handle.engine === 'pglite' ? `embedded database in ${config.DATA_DIR}` : 'PostgreSQL'}; ready in ${Math.round(performance.now() - started)} ms)`,
  ];
  if (config.DEMO) {
    const { DEMO_PASSWORD, DEMO_USERS } = demoData;
    lines.push(demo.loaded ? 'Demo data loaded. Sign in as any of these (fictional) users:' : 'Demo users (fictional):');
    for (const u of DEMO_USERS) lines.push(`  ${u.email.padEnd(28)} ${u.role}`);
    lines.push(`Password for every demo user: ${DEMO_PASSWORD}`);
    lines.push('Then a code from an authenticator app; for a demo user, get the current one with:');
    lines.push(`  npx diogel demo-code ${DEMO_USERS[0]!.email}`);
  }
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

function authSettings(config: Config, mfaKey: Buffer) {
  return {
    idleMinutes: config.SESSION_IDLE_MINUTES,
    absoluteHours: config.SESSION_ABSOLUTE_HOURS,
    mfaKey,
    attemptsPerMinute: config.SIGN_IN_ATTEMPTS_PER_MINUTE,
  };
}

/** A demo user's current code, worked out from their public demo secret: no database needed. */
async function demoCode(config: Config, email: string | undefined): Promise<number> {
  if (!config.DEMO) {
    process.stderr.write('demo-code gives codes for the demo users only, and DEMO is not true here.\n');
    return 2;
  }
  const [{ DEMO_USERS, demoTotpSecret }, { secondsLeftInStep, totp }] = await Promise.all([import('../services/demo.service.js'), import('../platform/totp.js')]);
  const user = DEMO_USERS.find((u) => u.email === email?.trim().toLowerCase());
  if (!user) {
    process.stderr.write(`Usage: diogel demo-code EMAIL, where EMAIL is one of the demo users:\n${DEMO_USERS.map((u) => `  ${u.email}`).join('\n')}\n`);
    return 2;
  }
  const now = systemClock.now();
  const left = secondsLeftInStep(now);
  process.stdout.write(`${totp(demoTotpSecret(user.email), now)}  (${user.email}; changes in ${left} second${left === 1 ? '' : 's'})\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === 'help') {
    process.stdout.write(await usage());
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'migrate': {
      const { migrateToLatest } = await import('../store/migrate.js');
      return withDatabase(config, async ({ db }) => {
        const applied = await migrateToLatest(db);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
        return 0;
      });
    }
    case 'demo': {
      const [{ migrateToLatest }, { createCalendar }, { DEMO_PASSWORD, loadDemoData }] = await Promise.all([
        import('../store/migrate.js'),
        import('../domain/calendar/working-days.js'),
        import('../services/demo.service.js'),
      ]);
      return withDatabase(config, async ({ db }) => {
        await migrateToLatest(db);
        const { loaded } = await loadDemoData(db, systemClock, createCalendar(), loadMfaKey(config));
        process.stdout.write(loaded ? `Demo data loaded. Password for every demo user: ${DEMO_PASSWORD}\n` : 'The database already has data; demo data not loaded.\n');
        return 0;
      });
    }
    case 'sweep': {
      const [{ createCalendar }, { createServices }] = await Promise.all([import('../domain/calendar/working-days.js'), import('../services/index.js')]);
      return withDatabase(config, async ({ db }) => {
        const services = createServices({ db, clock: systemClock, calendar: createCalendar(), auth: authSettings(config, loadMfaKey(config)) });
        const n = await services.cases.sweep();
        process.stdout.write(`De-registered ${n} child${n === 1 ? '' : 'ren'} who turned 18.\n`);
        return 0;
      });
    }
    case 'audit':
      return (await import('./audit.js')).runAuditCommand(config, argv.slice(1));
    case 'guidance':
      return (await import('./guidance.js')).runGuidanceCommand(config, argv.slice(1));
    case 'demo-code':
      return demoCode(config, argv[1]);
    case 'build-assets': {
      const result = await buildAssets({ force: true });
      process.stdout.write(`Compiled the stylesheet (${result.bytes} bytes).\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${await usage()}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
