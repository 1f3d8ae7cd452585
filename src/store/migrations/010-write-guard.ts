import { sql, type Kysely } from 'kysely';

/**
 * `diogel_write_guard(ok, what)`: true when `ok` is, otherwise it fails the statement it is
 * in with SQLSTATE DG001 and `what` as the message. A step written as one statement (the
 * store's writeTogether) ends with it, so a version check that matches no row undoes the
 * statement's other writes without a transaction around them: a report, say, is a read
 * and then one statement, instead of BEGIN, six statements and COMMIT (the round trips,
 * not the rows, are most of what a step costs the server and the database).
 *
 * VOLATILE, so the planner never folds or skips it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION diogel_write_guard(ok boolean, what text) RETURNS boolean
      LANGUAGE plpgsql VOLATILE
      AS $$
      BEGIN
        IF ok IS NOT TRUE THEN
          RAISE EXCEPTION USING ERRCODE = 'DG001', MESSAGE = what;
        END IF;
        RETURN true;
      END
      $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION diogel_write_guard(boolean, text)`.execute(db);
}
