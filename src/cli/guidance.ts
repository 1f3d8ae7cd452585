import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../platform/config.js';
import { systemClock } from '../platform/clock.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { createGuidanceService, type ImportReport } from '../services/guidance.service.js';
import { DomainError } from '../domain/errors.js';
import { translator } from '../web/i18n/i18n.js';
import { GUIDANCE_DOCUMENTS } from '../domain/guidance/catalogue/index.js';

export const GUIDANCE_USAGE = `  guidance import <file> --organisation <name or id> [--document <id>] [--language en|cy]
                 attach the full text of a supplied document to the catalogue's clauses for an
                 organisation, and report what matched and what did not
  guidance documents
                 list the catalogue's documents and their ids
`;

const en = translator('en');

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** diogel guidance …: 0 when every clause matched, 1 when some did not (the rest is stored), 2 for a mistake. */
export async function runGuidanceCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'documents') {
    for (const d of GUIDANCE_DOCUMENTS) process.stdout.write(`${d.id.padEnd(32)} ${d.title.en}\n`);
    return 0;
  }
  if (sub !== 'import') return usage(sub ? `Unknown guidance command: ${sub}` : 'Say what to do.');
  const file = rest.find((a, i) => !a.startsWith('--') && (i === 0 || !rest[i - 1]!.startsWith('--')));
  const organisation = option(rest, '--organisation');
  const documentId = option(rest, '--document');
  const language = option(rest, '--language') ?? 'en';
  if (!file) return usage('Give the file to import.');
  if (!organisation) return usage('Give the organisation the text is for with --organisation (its name or id).');
  if (language !== 'en' && language !== 'cy') return usage('The language is en or cy.');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`Cannot read ${file}.\n`);
    return 2;
  }
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(handle.db);
    const org = await handle.db
      .selectFrom('organisations')
      .select(['id', 'name_en'])
      .where((eb) =>
        eb.or([
          eb(sql<string>`lower(name_en)`, '=', organisation.toLowerCase()),
          eb(sql<string>`lower(name_cy)`, '=', organisation.toLowerCase()),
          eb(sql<string>`id::text`, '=', organisation.toLowerCase()),
        ]),
      )
      .executeTakeFirst();
    if (!org) {
      process.stderr.write(`There is no organisation called ${organisation}.\n`);
      return 2;
    }
    const guidance = createGuidanceService({ db: handle.db, clock: systemClock });
    let report: ImportReport;
    try {
      report = await guidance.importText(null, org.id, { fileName: path.basename(file), text, documentId, language }, { requestId: `cli-${randomUUID()}`, ip: null });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'validation') {
        process.stderr.write(`${en(Object.values(e.fields ?? {})[0] ?? e.message)}.\n`);
        return 2;
      }
      throw e;
    }
    process.stdout.write(describe(report, org.name_en));
    return report.unmatched.length === 0 ? 0 : 1;
  } finally {
    await handle.close();
  }
}

export function describe(report: ImportReport, organisation: string): string {
  const doc = GUIDANCE_DOCUMENTS.find((d) => d.id === report.documentId);
  const total = report.matched.length + report.unmatched.length;
  const lines = [
    `${doc?.title.en ?? report.documentId} (${report.documentId}) for ${organisation}:`,
    `  matched ${report.matched.length} of ${total} entries; full text stored for them.`,
  ];
  if (report.contentsLinesDropped) lines.push(`  ignored ${report.contentsLinesDropped} table-of-contents lines.`);
  if (report.unmatched.length) lines.push(`  not found in the text: ${report.unmatched.join(', ')}`);
  if (report.unplaced.length) {
    lines.push(`  numbered lines no entry claims: ${report.unplaced.map((u) => `${u.number} (line ${u.line})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n\nUsage:\n${GUIDANCE_USAGE}`);
  return 2;
}
