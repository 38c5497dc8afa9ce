import { rosterContract } from '../../../common/contracts/roster'
import { AppError } from '../../../common/errors'
import { type Role } from '../../../common/roles'
import { formatCode } from '../../../common/rules/invitation-code'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { invitationIdOf, newInvitationCode } from '../../_lib/invitations'
import { getInVillage, iso, type InvitationDoc, type PersonDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { countySettings } from '../../_lib/settings'
import { codeMaker } from '../../_lib/wxacode'
import { DAY_MS } from '../store'

/** Invitation codes that bind a WeChat account to a roster person, and the village's audit log. */
export const invitations: Pick<
  Handlers<typeof rosterContract>,
  'createInvitation' | 'listInvitations' | 'revokeInvitation' | 'listAudit'
> = {
  async createInvitation({ villageId, personId, rebind }, { db, now, identity, touch }) {
    const person = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
    if (person.openid && !rebind)
      throw new AppError('FAILED_PRECONDITION', `${person.name}已绑定微信；如需换用新的微信，请选择“更换微信”后再生成`)
    const settings = await countySettings(db)
    // One valid code per person: earlier open codes stop working.
    await db
      .collection(C.invitations)
      .where({ villageId, personId, status: 'open' })
      .update({ data: { status: 'revoked' } })
    const code = newInvitationCode()
    const invitationId = invitationIdOf(code)
    const expiresAt = new Date(now.getTime() + settings.invitationValidDays * DAY_MS)
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
    }
    await db.collection(C.invitations).add({ data: doc })
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
      })),
    }
  },
}
