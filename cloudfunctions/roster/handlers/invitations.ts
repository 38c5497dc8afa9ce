import { rosterContract } from '../../../common/contracts/roster'
import { AppError } from '../../../common/errors'
import { ROLE_LABELS, type Role } from '../../../common/roles'
import { mayRebind, REBIND_MESSAGE } from '../../../common/rules/role-change'
import { formatCode } from '../../../common/rules/invitation-code'
import { addBindingAudit, notifyBindingChange, type BindingChange } from '../../_lib/binding-log'
import { callerIn } from '../../_lib/caller'
import { getDocs, type Database } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { invitationIdOf, newInvitationCode } from '../../_lib/invitations'
import { getInVillage, iso, type InvitationDoc, type PersonDoc } from '../../_lib/records'
import { refuseRetiredVillage } from '../../_lib/open-village'
import { ownPersonIds } from '../../_lib/principal'
import type { Handlers } from '../../_lib/runtime'
import { countySettings } from '../../_lib/settings'
import { inTransaction, txGet } from '../../_lib/transaction'
import { codeMaker } from '../../_lib/wxacode'
import { actsAsSupervisor, DAY_MS } from '../store'

/** Each round of concurrent creations for one person lets one through; enough rounds for a burst of taps. */
const BURST_ATTEMPTS = 30

/**
 * Revokes every open code of a person (also those opened before `openInvitationId` existed). A concurrent
 * creation's transaction may hold the person's codes for a moment; the write is then tried again.
 */
async function revokeOpen(db: Database, villageId: string, personId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db
        .collection(C.invitations)
        .where({ villageId, personId, status: 'open' })
        .update({ data: { status: 'revoked' } })
      return
    } catch (error) {
      if (
        !/TransactionConflict|TRANSACTION_CONFLICT/.test(String((error as { errMsg?: string }).errMsg)) ||
        attempt >= 8
      )
        throw error
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt))
    }
  }
}

/** Invitation codes that bind a WeChat account to a roster person, and the village's audit log. */
export const invitations: Pick<
  Handlers<typeof rosterContract>,
  'createInvitation' | 'listInvitations' | 'revokeInvitation' | 'listAudit'
> = {
  async createInvitation({ villageId, personId, rebind }, ctx) {
    const { db, now, identity, touch } = ctx
    const person = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
    if (person.openid && !rebind)
      throw new AppError('FAILED_PRECONDITION', `${person.name}已绑定微信；如需换用新的微信，请选择“更换微信”后再生成`)
    const [settings, principal] = await Promise.all([
      countySettings(db),
      ctx.principal(),
      refuseRetiredVillage(db, villageId, '生成绑定邀请码'),
    ])
    const own = [...ownPersonIds(principal), ...(person.openid === identity.openid ? [personId] : [])]
    const supervisor = actsAsSupervisor(ctx)
    // Whoever redeems the code becomes this person: taking over someone else's WeChat binding, or binding a
    // person who holds a township-granted role (支部书记…), needs the township — or the person themself.
    if (person.openid && !mayRebind({ personId, callerPersonIds: own, supervisor }))
      throw new AppError('FORBIDDEN', REBIND_MESSAGE)
    const guarded = person.roles.filter((r) => settings.townshipGrantedRoles.includes(r))
    if (guarded.length && !mayRebind({ personId, callerPersonIds: own, supervisor }))
      throw new AppError(
        'FORBIDDEN',
        `${guarded.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}的绑定邀请须由乡镇组织委员（或县委组织部）生成`,
      )
    const code = newInvitationCode()
    const invitationId = invitationIdOf(code)
    const expiresAt = new Date(now.getTime() + settings.invitationValidDays * DAY_MS)
    const actor = callerIn(ctx, villageId)
    const doc: InvitationDoc = {
      _id: invitationId,
      villageId,
      townshipId: person.townshipId,
      personId,
      personName: person.name,
      rebind: Boolean(person.openid && rebind),
      status: 'open',
      hint: code.slice(-2),
      createdAt: now,
      expiresAt,
      createdBy: identity.openid,
      createdByName: actor.name,
    }
    // One valid code per person, also under a burst of taps: codes opened earlier stop working, and the new code
    // is written together with the person's `openInvitationId` in one transaction — two concurrent creations both
    // write the person, so one of them retries after the other and revokes the code the other opened.
    await revokeOpen(db, villageId, personId)
    const change: BindingChange | null = doc.rebind
      ? {
          action: 'roster.createInvitation',
          villageId,
          townshipId: person.townshipId,
          personId,
          actor: { openid: identity.openid, personIds: ownPersonIds(principal), name: actor.name, roles: actor.roles },
          detail: `${actor.name}为${person.name}生成了更换微信的邀请码（尾号${doc.hint}）`,
          notify: [person.openid],
          title: '有人为您生成了更换微信的邀请码',
          invitationId,
        }
      : null
    await inTransaction(
      db,
      async (tx) => {
        const current = await txGet<PersonDoc>(tx, C.people, personId)
        const previous = current?.openInvitationId
        if (previous) {
          const open = await txGet<InvitationDoc>(tx, C.invitations, previous)
          if (open?.status === 'open')
            await tx
              .collection(C.invitations)
              .doc(previous)
              .update({ data: { status: 'revoked' } })
        }
        await tx.collection(C.invitations).add({ data: doc as unknown as Record<string, unknown> })
        await tx
          .collection(C.people)
          .doc(personId)
          .update({ data: { openInvitationId: invitationId } })
        if (change) await addBindingAudit(tx, change, now)
      },
      BURST_ATTEMPTS,
    )
    if (change) await notifyBindingChange(db, change, now)
    touch({ collection: C.invitations, id: invitationId }, { collection: C.people, id: personId, personId })
    let qrImage: string | undefined
    try {
      qrImage = (await codeMaker().make(`c=${code}`, 'pages/me/index')) ?? undefined
    } catch (error) {
      console.error('[roster.createInvitation] mini-program code failed; the text code still works', error)
    }
    return { invitationId, code, display: formatCode(code), expiresAt: expiresAt.toISOString(), qrImage }
  },

  async listInvitations({ villageId, offset, limit }, { db, now }) {
    const list = await getDocs<InvitationDoc>(
      db.collection(C.invitations).where({ villageId }).orderBy('createdAt', 'desc').skip(offset).limit(limit),
    )
    return {
      invitations: list.map((i) => ({
        id: i._id,
        personId: i.personId,
        personName: i.personName,
        rebind: i.rebind,
        status:
          i.status === 'open' && new Date(i.expiresAt).getTime() <= now.getTime() ? ('expired' as const) : i.status,
        hint: i.hint,
        createdAt: iso(i.createdAt)!,
        expiresAt: iso(i.expiresAt)!,
        usedAt: iso(i.usedAt),
      })),
    }
  },

  async revokeInvitation({ villageId, invitationId }, { db, touch }) {
    const invitation = await getInVillage<InvitationDoc>(db, C.invitations, villageId, invitationId, '邀请码')
    if (invitation.status !== 'open')
      throw new AppError(
        'FAILED_PRECONDITION',
        invitation.status === 'used' ? '邀请码已被使用，不能作废' : '邀请码已作废',
      )
    await db
      .collection(C.invitations)
      .where({ _id: invitationId, status: 'open' })
      .update({ data: { status: 'revoked' } })
    touch({ collection: C.invitations, id: invitationId })
    return { revoked: true }
  },

  async listAudit({ villageId, offset, limit }, { db }) {
    const entries = await getDocs<{
      at: Date
      action: string
      kind: 'write' | 'personal-read'
      actor: { name: string; roles: Role[] }
      subjects: { collection: string; id: string }[]
      subjectCount: number
      detail?: string
    }>(db.collection(C.audit).where({ villageId }).orderBy('at', 'desc').skip(offset).limit(limit))
    return {
      entries: entries.map((e) => ({
        at: iso(e.at)!,
        action: e.action,
        kind: e.kind,
        actorName: e.actor?.name ?? '',
        actorRoles: e.actor?.roles ?? [],
        subjects: (e.subjects ?? []).slice(0, 10),
        subjectCount: e.subjectCount ?? 0,
        detail: e.detail,
      })),
    }
  },
}
