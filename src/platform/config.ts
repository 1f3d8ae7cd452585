import { z } from 'zod';

/** Unset and empty (AUDIT_SIGNING_KEY= in a .env file) mean the same. */
const optionalText = z.string().trim().optional().transform((v) => v || undefined);

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
  /**
   * AES-256 key (32 bytes in base64 or hex) that encrypts authenticator-app secrets in the
   * database. Required unless DEMO=true; see src/platform/mfa-key.ts.
   */
  MFA_ENCRYPTION_KEY: z.string().trim().min(1).optional(),
  /** Sign-in attempts (password or code) accepted from one client address in a minute. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Ed25519 private key that signs audit checkpoints (PKCS#8 PEM, or its DER in base64).
   * Required unless DEMO=true; see src/platform/keys.ts.
   */
  AUDIT_SIGNING_KEY: optionalText,
  /** Ed25519 public key that audit verification trusts (SPKI PEM, or its DER in base64); defaults to the signing key's. */
  AUDIT_VERIFY_KEY: optionalText,
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
