import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../store/database.js';
import * as cases from '../store/cases.repository.js';
import * as access from '../store/case-access.repository.js';
import { findUserByEmail } from '../store/users.repository.js';
import { subjectAccessEntries } from '../store/access-report.repository.js';
import {
  BREAK_GLASS_MINUTES,
  CASE_MEMBER_RELATIONSHIPS,
  can,
  canManageCaseAccess,
  canRequestBreakGlass,
  canViewCase,
  caseAccess,
  caseScope,
  type Actor,
  type CaseMemberRelationship,
  type Role,
} from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import { audit, refused, transact } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';

const reason = (field: string) =>
  z
    .string({ error: `error.${field}.required` })
    .trim()
    .min(1, `error.${field}.required`)
    .min(10, `error.${field}.too_short`)
    .max(1000, `error.${field}.too_long`);
const email = z.string({ error: 'error.memberEmail.required' }).trim().min(1, 'error.memberEmail.required').max(320, 'error.memberEmail.unknown');

export const ACCESS_CHANGE_SCHEMAS = {
  add_member: z.object({
    email,
    relationship: z.enum(CASE_MEMBER_RELATIONSHIPS, { error: 'error.relationship.required' }),
  }),
  remove_member: z.object({
    userId: z.string().refine(isUuid, 'error.memberEmail.unknown'),
    relationship: z.enum(CASE_MEMBER_RELATIONSHIPS, { error: 'error.relationship.required' }),
  }),
  restrict: z.object({ reason: reason('restrictionReason') }),
  unrestrict: z.object({}),
  hide_address: z.object({ reason: reason('labelReason') }),
  show_address: z.object({}),
  add_reader: z.object({ email }),
  remove_reader: z.object({ userId: z.string().refine(isUuid, 'error.memberEmail.unknown') }),
} as const;
export type AccessChange = keyof typeof ACCESS_CHANGE_SCHEMAS;
export const ACCESS_CHANGES = Object.keys(ACCESS_CHANGE_SCHEMAS) as AccessChange[];

export const breakGlassSchema = z.object({ reason: reason('breakGlassReason') });

/** Roles that may never be put on a case: they see no records (analysts see aggregates). */
const NEVER_ON_A_CASE: readonly Role[] = ['board_analyst', 'administrator'];

/**
 * Who is on a case, what is restricted or hidden, and emergency access. Every change
 * is audited in its own transaction; every refusal reads exactly like a missing case.
 */
export function createCaseAccessService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function locate(tx: Tx, caller: Caller, id: string, ctx: RequestContext, action: string, forUpdate: boolean) {
    const now = clock.now();
    const scope = caseScope(caller, now);
    const found = isUuid(id) ? await (forUpdate ? cases.findCaseForUpdate(tx, scope, id) : cases.findCaseInScope(tx, scope, id)) : undefined;
    if (!found) {
      throw refused(now, caller, ctx, action, null, 'not_found', { caseId: id.slice(0, 64) });
    }
    const facts = await access.caseAccessFacts(tx, found);
    return { found, facts };
  }

  /** Managers' view of access to a case: who is on it, what is restricted or hidden, emergency access used. */
  async function panel(caller: Caller, id: string, ctx: RequestContext) {
    return transact(db, async (tx) => {
      const { found, facts } = await locate(tx, caller, id, ctx, 'case.access.read', false);
      const now = clock.now();
      if (!canManageCaseAccess(caller, facts, now)) {
        throw refused(now, caller, ctx, 'case.access.read', { type: 'case', id: found.id }, 'denied', undefined, { code: 'not_permitted', message: 'error.case.accessManagers' });
      }
      const [members, restriction, labels, grants] = await Promise.all([
        access.listCaseMembers(tx, found.id),
        access.findRestriction(tx, found.id),
        access.personLabels(tx, found.personId),
        access.grantsForCase(tx, found.id),
      ]);
      await audit(tx, now, caller, ctx, 'case.access.read', { type: 'case', id: found.id }, 'success');
      return { case: found, members, restriction, labels, grants, now };
    });
  }

  async function userByEmail(tx: Tx, address: string, field: string) {
    const user = await findUserByEmail(tx as unknown as Db, address);
    if (!user || NEVER_ON_A_CASE.includes(user.role as Role)) {
      throw new DomainError('validation', 'error.validation', { [field]: 'error.memberEmail.unknown' });
    }
    return user;
  }

  return {
    panel,

    /** Change who may see the case or what they see. Managers only; the change and its audit commit together. */
    async change(caller: Caller, id: string, type: AccessChange, raw: unknown, ctx: RequestContext): Promise<void> {
      if (!ACCESS_CHANGES.includes(type)) throw new DomainError('not_found', 'error.notFound');
      await transact(db, async (tx) => {
        const { found, facts } = await locate(tx, caller, id, ctx, `case.access.${type}`, true);
        const now = clock.now();
        if (!canManageCaseAccess(caller, facts, now)) {
          throw refused(now, caller, ctx, `case.access.${type}`, { type: 'case', id: found.id }, 'denied', undefined, { code: 'not_permitted', message: 'error.case.accessManagers' });
        }
        const parsed = ACCESS_CHANGE_SCHEMAS[type].safeParse(raw ?? {});
        if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
        const input = parsed.data as Record<string, string>;
        const detail: Record<string, unknown> = {};
        switch (type) {
          case 'add_member': {
            const user = await userByEmail(tx, input['email']!, 'email');
            await access.addCaseMember(tx, { caseId: found.id, userId: user.id, relationship: input['relationship'] as CaseMemberRelationship, addedBy: caller.userId, at: now });
            Object.assign(detail, { userId: user.id, relationship: input['relationship'] });
            break;
          }
          case 'remove_member':
            if (!(await access.removeCaseMember(tx, found.id, input['userId']!, input['relationship'] as CaseMemberRelationship))) {
              throw new DomainError('validation', 'error.validation', { userId: 'error.memberEmail.unknown' });
            }
            Object.assign(detail, { userId: input['userId'], relationship: input['relationship'] });
            break;
          case 'restrict':
            await access.setRestriction(tx, found.id, input['reason']!, caller.userId, now);
            // Whoever restricts a case stays on it by name: restricting never locks out the person doing it.
            await access.addCaseMember(tx, { caseId: found.id, userId: caller.userId, relationship: 'named', addedBy: caller.userId, at: now });
            if (found.allocatedTo) {
              await access.addCaseMember(tx, { caseId: found.id, userId: found.allocatedTo, relationship: 'named', addedBy: caller.userId, at: now });
            }
            break;
          case 'unrestrict':
            await access.clearRestriction(tx, found.id);
            break;
          case 'hide_address':
            await access.setPersonLabel(tx, found.personId, 'address_hidden', input['reason']!, caller.userId, now);
            await access.addLabelReader(tx, found.personId, 'address_hidden', caller.userId, caller.userId, now);
            break;
          case 'show_address':
            await access.clearPersonLabel(tx, found.personId, 'address_hidden');
            break;
          case 'add_reader': {
            const user = await userByEmail(tx, input['email']!, 'email');
            const labels = await access.personLabels(tx, found.personId);
            if (!labels.some((l) => l.label === 'address_hidden')) throw new DomainError('invalid_state', 'error.label.none');
            await access.addLabelReader(tx, found.personId, 'address_hidden', user.id, caller.userId, now);
            detail['userId'] = user.id;
            break;
          }
          case 'remove_reader':
            if (!(await access.removeLabelReader(tx, found.personId, 'address_hidden', input['userId']!))) {
              throw new DomainError('validation', 'error.validation', { userId: 'error.memberEmail.unknown' });
            }
            detail['userId'] = input['userId'];
            break;
        }
        // The reason for a restriction or a label is the purpose of the change.
        await audit(tx, now, caller, ctx, `case.access.${type}`, { type: 'case', id: found.id }, 'success', detail, input['reason']);
      });
    },

    /**
     * Emergency access: someone with a case role but no relationship to the case states a
     * reason and may read it for BREAK_GLASS_MINUTES. The allocated worker and the
     * authority's team managers who can see the case are told. A case that does not exist
     * (or that the person could already see) grants nothing; the attempt is still audited.
     */
    async breakGlass(caller: Caller, id: string, raw: unknown, ctx: RequestContext): Promise<{ expiresAt: Date } | { alreadyVisible: true }> {
      if (!canRequestBreakGlass(caller)) throw new DomainError('not_found', 'error.notFound');
      const parsed = breakGlassSchema.safeParse(raw ?? {});
      if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
      return transact(db, async (tx) => {
        const now = clock.now();
        const found = isUuid(id) ? await cases.findCaseForSystemUpdate(tx, id) : undefined;
        if (!found) {
          throw refused(now, caller, ctx, 'case.break_glass', null, 'not_found', { caseId: id.slice(0, 64) }, undefined, parsed.data.reason);
        }
        const facts = await access.caseAccessFacts(tx, found);
        if (canViewCase(caller, facts, now)) return { alreadyVisible: true as const };
        const grantId = randomUUID();
        const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
        await access.insertBreakGlassGrant(tx, { id: grantId, caseId: found.id, userId: caller.userId, reason: parsed.data.reason, grantedAt: now, expiresAt });
        const after = { ...facts, breakGlass: [...facts.breakGlass, { userId: caller.userId, expiresAt }] };
        const managers = await access.teamManagersOf(tx, found.localAuthorityId);
        const told = [
          ...(found.allocatedTo ? [found.allocatedTo] : []),
          ...managers
            .filter((m) => canViewCase({ userId: m.userId, role: m.role as Role, organisationId: m.organisationId, organisationKind: 'local_authority' }, after, now))
            .map((m) => m.userId),
        ].filter((u) => u !== caller.userId);
        await access.insertAccessAlerts(tx, [...new Set(told)].map((recipient) => ({ id: randomUUID(), recipient, caseId: found.id, grantId, at: now })));
        await audit(tx, now, caller, ctx, 'case.break_glass', { type: 'case', id: found.id }, 'success', { grantId, expiresAt: expiresAt.toISOString(), told: told.length }, parsed.data.reason);
        return { expiresAt };
      });
    },

    /**
     * For a subject access request: every read and change of the person's case and
     * concern records, by organisation and role (not staff names), with the purpose.
     */
    async subjectAccessReport(caller: Caller, id: string, ctx: RequestContext) {
      return transact(db, async (tx) => {
        const { found, facts } = await locate(tx, caller, id, ctx, 'case.subject_access_report', false);
        const now = clock.now();
        if (!canManageCaseAccess(caller, facts, now) || !can(caller, 'record.who_has_seen')) {
          throw refused(now, caller, ctx, 'case.subject_access_report', { type: 'case', id: found.id }, 'denied', undefined, { code: 'not_permitted', message: 'error.case.accessManagers' });
        }
        const entries = await subjectAccessEntries(tx, found.personId, 2000);
        await audit(tx, now, caller, ctx, 'case.subject_access_report', { type: 'case', id: found.id }, 'success', { entries: entries.length }, 'subject_access_request');
        return { case: found, entries, producedAt: now };
      });
    },
  };
}

export type CaseAccessService = ReturnType<typeof createCaseAccessService>;
