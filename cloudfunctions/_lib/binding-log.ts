/**
 * Every change of who a roster person's WeChat is — a first binding, a re-binding (the old WeChat loses the
 * person), a 更换微信 code issued for them — goes into the village's audit log with the real actor, and the person
 * is told (on their current WeChat, so a takeover reaches the one it takes from).
 */
import type { Role } from '../../common/roles'
import { AUDIT_COLLECTION, type AuditEntry } from './audit'
import type { Database } from './cloud'
import { C } from './collections'
import { scheduleNotices } from './notify'
import type { Tx } from './transaction'

export interface BindingChange {
  action: 'account.redeemInvitation' | 'roster.createInvitation'
  villageId: string
  townshipId: string
  personId: string
  /** Who acted: the WeChat account that made the call, with the names and roles it held before the change. */
  actor: { openid: string; personIds: string[]; name: string; roles: Role[] }
  /** Plain words for the log and the message. */
  detail: string
  /** WeChat accounts to tell (the person's old and new ones), without repeats; none when the person is unbound. */
  notify: (string | null | undefined)[]
  title: string
  invitationId: string
}

/** The audit entry of a binding change, to be added in the same transaction as the change itself. */
export function bindingAuditEntry(change: BindingChange, now: Date): AuditEntry {
  return {
    at: now,
    action: change.action,
    kind: 'write',
    actor: change.actor,
    villageId: change.villageId,
    townshipId: change.townshipId,
    subjects: [
      { collection: C.people, id: change.personId },
      { collection: C.invitations, id: change.invitationId },
    ],
    subjectCount: 2,
    detail: change.detail,
  }
}

/** Adds the audit entry inside transaction `tx`. */
export async function addBindingAudit(tx: Tx, change: BindingChange, now: Date): Promise<void> {
  await tx
    .collection(AUDIT_COLLECTION)
    .add({ data: bindingAuditEntry(change, now) as unknown as Record<string, unknown> })
}

/** Tells the person, on their old and new WeChat. Best effort: the change is already committed. */
export async function notifyBindingChange(db: Database, change: BindingChange, now: Date): Promise<void> {
  const openids = [...new Set(change.notify.filter((o): o is string => Boolean(o)))]
  if (openids.length === 0) return
  try {
    await scheduleNotices(
      db,
      openids.map((openid) => ({
        villageId: change.villageId,
        townshipId: change.townshipId,
        personId: change.personId,
        openid,
        template: 'binding_changed',
        title: change.title,
        lines: [
          { label: '事项', value: change.detail },
          { label: '如非本人申请', value: '请立即联系乡镇组织委员' },
        ],
        page: 'pages/me/index',
        subject: `binding:${change.personId}`,
      })),
      now,
    )
  } catch (error) {
    console.error(`[${change.action}] the binding notice could not be queued`, error)
  }
}
