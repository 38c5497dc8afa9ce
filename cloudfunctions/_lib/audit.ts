import type { AuditKind } from '../../common/contract'
import type { Role } from '../../common/roles'
import type { Database } from './cloud'
import { C } from './collections'

/** A record an action touched: which collection, which document. */
export interface AuditSubject {
  collection: string
  id: string
  /** When the record is about one person (collection `people`, or their household), that person. */
  personId?: string
}

/** One line of the audit log (collection `audit`). Append-only: no action updates or removes it. */
export interface AuditEntry {
  at: Date
  /** `<function>.<action>` */
  action: string
  kind: AuditKind
  actor: { openid: string; personIds: string[]; name: string; roles: Role[] }
  villageId?: string
  townshipId?: string
  subjects: { collection: string; id: string }[]
  subjectCount: number
  /** What happened, in plain words, where the action name alone does not say (a WeChat binding changed hands). */
  detail?: string
}

export const AUDIT_COLLECTION = C.audit
/** Subjects kept per entry; a list read of 50 people keeps all of them. */
export const MAX_SUBJECTS = 100

/**
 * The only code that writes to `audit`, and it only adds. In the CloudBase console the collection's permission is
 * 「仅管理端可读写」, so no client can reach it either.
 */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.collection(AUDIT_COLLECTION).add({ data: entry as unknown as Record<string, unknown> })
}

/**
 * Whether a call must be written down: every write; a personal read only when it read someone other than the
 * caller.
 */
export function mustAudit(
  kind: AuditKind | undefined,
  subjects: readonly AuditSubject[],
  ownPersonIds: readonly string[],
): boolean {
  if (!kind) return false
  if (kind === 'write') return true
  return subjects.some((s) => !s.personId || !ownPersonIds.includes(s.personId))
}
