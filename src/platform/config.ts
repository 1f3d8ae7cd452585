import { z } from 'zod';

/**
 * Every environment variable Diogel reads goes through here, once, at start-up.
 * `.env.example` documents each of them.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** postgres://… selects PostgreSQL; unset means the embedded database. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  /** Folder for the embedded database (ignored when DATABASE_URL is set). */
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for CSRF tokens; generated per process when unset (demo only). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Cookies are marked Secure with the __Host- prefix; browsers accept them on http://localhost. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Load demo organisations, users and people into an empty database. */
  DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Minutes of inactivity after which a session ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** Hours after which a session ends whatever the activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
});

export type Config = Readonly<z.infer<typeof schema>>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Diogel cannot start: the configuration is not valid.\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
