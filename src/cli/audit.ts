import fs from 'node:fs';
import type { Config } from '../platform/config.js';
import { systemClock } from '../platform/clock.js';
import { loadAuditSigner, loadAuditVerifyKey } from '../platform/keys.js';
import { openDatabase } from '../store/database.js';
import { sealAllFinal } from '../services/audit-sealer.js';
import { exportCheckpoints, parseExportedCheckpoints, verifyStoredAuditLog } from '../services/audit-verifier.js';
import type { AuditVerifyReport } from '../domain/audit-chain.js';

export const AUDIT_USAGE = `  audit seal     seal the audit events that are final into a signed checkpoint
  audit verify [--checkpoints <file>]
                 check the audit log against its signed checkpoints (and an exported copy)
  audit export-checkpoints [<file>]
                 write the signed checkpoints as JSON, to keep somewhere else
`;

/** diogel audit …: exit code 0 when all is well, 1 when the log fails its check, 2 for a usage mistake. */
export async function runAuditCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'seal': {
      const signer = loadAuditSigner(config);
      return withDb(config, async (db) => {
        const made = await sealAllFinal(db, signer, systemClock);
        const events = made.reduce((n, c) => n + c.eventCount, 0);
        const last = made[made.length - 1];
        process.stdout.write(
          last
            ? `Sealed ${plural(events, 'audit event')} into ${made.length === 1 ? `checkpoint ${last.seq}` : `checkpoints ${made[0]!.seq} to ${last.seq}`}.\n`
            : 'Nothing new to seal: every finished audit event is already sealed (or another process is sealing now).\n',
        );
        return 0;
      });
    }
    case 'verify': {
      const fileIndex = rest.indexOf('--checkpoints');
      const file = fileIndex >= 0 ? rest[fileIndex + 1] : undefined;
      if (fileIndex >= 0 && !file) return usage('Give the exported checkpoints file after --checkpoints.');
      const trustedKey = loadAuditVerifyKey(config);
      const exported = file ? parseExportedCheckpoints(readFile(file)) : undefined;
      return withDb(config, async (db) => {
        const report = await verifyStoredAuditLog(db, trustedKey, exported ? { exported } : {});
        process.stdout.write(describe(report, exported !== undefined));
        return report.ok ? 0 : 1;
      });
    }
    case 'export-checkpoints': {
      const file = rest[0];
      return withDb(config, async (db) => {
        if (!file) {
          await exportCheckpoints(db, (t) => void process.stdout.write(t), systemClock.now());
          return 0;
        }
        const fd = fs.openSync(file, 'w');
        try {
          const n = await exportCheckpoints(db, (t) => void fs.writeSync(fd, t), systemClock.now());
          process.stdout.write(`Exported ${plural(n, 'checkpoint')} to ${file}. Keep it away from this database and server.\n`);
        } finally {
          fs.closeSync(fd);
        }
        return 0;
      });
    }
    default:
      return usage(sub ? `Unknown audit command: ${sub}` : 'Say which audit command to run.');
  }
}

async function withDb(config: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<number>): Promise<number> {
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    return await fn(handle.db);
  } catch (err) {
    // undefined_table / undefined_column: the audit chain arrived in migration 004.
    const code = (err as { code?: unknown }).code;
    if (code === '42P01' || code === '42703') throw new Error('The database is not up to date. Run "diogel migrate" first.');
    throw err;
  } finally {
    await handle.close();
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the checkpoints file ${file}.`);
  }
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\nUsage:\n${AUDIT_USAGE}`);
  return 2;
}

function describe(r: AuditVerifyReport, againstExport: boolean): string {
  const lines: string[] = [];
  if (r.ok) lines.push('The audit log is intact.');
  else {
    const total = r.problems.length + r.moreProblems;
    lines.push(`The audit log has been changed or damaged: ${plural(total, 'problem')} found.`);
    for (const p of r.problems) lines.push(`  - ${p.message}`);
    if (r.moreProblems > 0) lines.push(`  - and ${plural(r.moreProblems, 'more problem')} not listed.`);
  }
  lines.push(
    `Checked ${plural(r.eventsChecked, 'event')} and ${plural(r.checkpointsChecked, 'checkpoint')}: ` +
      `${r.sealedEvents.toLocaleString('en-GB')} sealed, ${r.unsealedEvents.toLocaleString('en-GB')} not sealed yet.`,
  );
  if (againstExport) lines.push(`Compared with ${plural(r.exportedCheckpointsCompared, 'exported checkpoint')}.`);
  return `${lines.join('\n')}\n`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? '' : 's'}`;
}
