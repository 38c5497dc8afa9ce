import type { z } from 'zod'
import { accountContract } from '../../common/contracts/account'
import { AppError } from '../../common/errors'
import {
  MAX_WRONG_ATTEMPTS,
  normalizeCode,
  WRONG_ATTEMPT_WINDOW_MS,
  type AttemptState,
} from '../../common/rules/invitation-code'
import { maskPhone } from '../../common/rules/masking'
import { formatBeijing } from '../../common/rules/beijing-time'
import { ROLE_LEVEL, type Role } from '../../common/roles'
import { invitationIdOf } from '../_lib/invitations'
import { addBindingAudit, notifyBindingChange, type BindingChange } from '../_lib/binding-log'
import { ownPersonIds, type BindingDoc, type Membership } from '../_lib/principal'
import { giveBack, slotsLeft, takeSlot, type SlotStore } from '../_lib/rate-limit'
import {
  COUNTY_ID,
  findById,
  type CountyDoc,
  type GridDoc,
  type HouseholdDoc,
  type InvitationDoc,
  type PersonDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import { createMain } from '../_lib/runtime'
import { inTransaction, txGet, type Tx } from '../_lib/transaction'
import { C } from '../_lib/collections'
import { markNoticesRead, myNotices } from './handlers/notices'

type ProfileEntry = z.input<typeof accountContract.actions.myProfile.output>['memberships'][number]

export interface RedeemAttemptDoc extends AttemptState {
  _id: string
}

function withoutId<T extends { _id?: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc
  return rest
}

export const main = createMain(accountContract, {
  async redeemInvitation({ code: typed }, ctx) {
    const { db, now, identity, touch } = ctx
    const openid = identity.openid
    if (!openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再绑定')
    // Who the caller is before the binding: the audit entries name this, not the person they are about to become.
    const before = await ctx.principal()
    const nowMs = now.getTime()
    // A guess takes a slot before the code is looked up (atomic: parallel guesses cannot overshoot the limit); a
    // code that exists gives it back.
    const slot: SlotStore = { collection: C.redeem_attempts, id: openid, field: 'failures' }
    const limit = { max: MAX_WRONG_ATTEMPTS, windowMs: WRONG_ATTEMPT_WINDOW_MS }
    const taken = await takeSlot(db, slot, now, limit)
    if (!taken.taken) {
      throw new AppError(
        'RATE_LIMITED',
        `邀请码输错次数太多，请于 ${formatBeijing(new Date(taken.retryAt).toISOString()).slice(11)} 后再试，或请村干部重新生成`,
      )
    }
    const code = normalizeCode(typed)
    const invitation = code ? await findById<InvitationDoc>(db, C.invitations, invitationIdOf(code)) : undefined
    if (invitation) await giveBack(db, slot)
    if (!invitation) {
      const left = await slotsLeft(db, slot, now, limit)
      throw new AppError(
        'NOT_FOUND',
        left > 0
          ? `邀请码不正确，请核对后再输入（还可再试 ${left} 次）`
          : '邀请码不正确；输错次数太多，请 15 分钟后再试',
      )
    }

    // Single use under concurrency: the invitation, the person and the binding change together or not at all.
    // Two redemptions of one code conflict on the invitation; the loser retries, sees it used, and is refused.
    const result = (await inTransaction(db, async (tx: Tx) => {
      const inv = await txGet<InvitationDoc>(tx, C.invitations, invitation._id)
      if (!inv) throw new AppError('NOT_FOUND', '邀请码不正确，请核对后再输入')
      if (inv.status === 'used')
        throw new AppError(
          'FAILED_PRECONDITION',
          inv.usedBy === openid ? '您已用这个邀请码绑定过了' : '这个邀请码已经用过了，请向村干部重新索取',
        )
      if (inv.status === 'revoked') throw new AppError('FAILED_PRECONDITION', '这个邀请码已作废，请向村干部重新索取')
      if (new Date(inv.expiresAt).getTime() <= nowMs)
        throw new AppError('FAILED_PRECONDITION', '这个邀请码已过期，请向村干部重新索取')
      const person = await txGet<PersonDoc>(tx, C.people, inv.personId)
      if (!person || person.villageId !== inv.villageId)
        throw new AppError('NOT_FOUND', '花名册中已没有这个人，请联系村干部')
      if (person.openid && person.openid !== openid && !inv.rebind) {
        throw new AppError('FAILED_PRECONDITION', '此人已绑定其他微信；更换微信需村干部生成“更换微信”邀请码')
      }
      const binding = await txGet<BindingDoc>(tx, C.bindings, openid)
      const existing = binding?.memberships ?? []
      const clash = existing.find((m) => m.villageId === person.villageId && m.personId !== person._id)
      if (clash) throw new AppError('CONFLICT', '这个微信已绑定本村的另一人；一个微信在一个村只能绑定一人')
      const membership: Membership = {
        villageId: person.villageId,
        townshipId: person.townshipId,
        personId: person._id,
        name: person.name,
        roles: person.roles as Role[],
      }
      const memberships = [...existing.filter((m) => m.personId !== person._id), membership]

      if (person.openid && person.openid !== openid) {
        // Re-binding approved by a cadre: the old WeChat account loses this membership.
        const old = await txGet<BindingDoc>(tx, C.bindings, person.openid)
        if (old) {
          await tx
            .collection(C.bindings)
            .doc(person.openid)
            .set({
              data: {
                ...withoutId(old),
                memberships: (old.memberships ?? []).filter((m) => m.personId !== person._id),
                updatedAt: now,
              },
            })
        }
      }
      await tx
        .collection(C.invitations)
        .doc(inv._id)
        .update({ data: { status: 'used', usedBy: openid, usedAt: now } })
      await tx
        .collection(C.people)
        .doc(person._id)
        .update({ data: { openid, boundAt: now } })
      await tx
        .collection(C.bindings)
        .doc(openid)
        .set({ data: { memberships, updatedAt: now } })
      const previousOpenid = person.openid && person.openid !== openid ? person.openid : null
      const actorName = before.memberships.find((m) => m.name)?.name
      const by = `尾号${inv.hint}，${inv.createdByName || '村干部'}生成`
      const change: BindingChange = {
        action: 'account.redeemInvitation',
        villageId: person.villageId,
        townshipId: person.townshipId,
        personId: person._id,
        actor: {
          openid,
          personIds: ownPersonIds(before),
          name: actorName ? `${actorName}（微信）` : '未绑定的微信',
          roles: [...new Set(before.memberships.flatMap((m) => m.roles))],
        },
        detail: previousOpenid
          ? `${person.name}的微信已更换：新的微信用邀请码（${by}）绑定，原微信已解绑`
          : `${person.name}用邀请码（${by}）绑定了微信`,
        notify: [previousOpenid, openid],
        title: previousOpenid ? '您的微信绑定已更换' : '您已绑定微信',
        invitationId: inv._id,
      }
      await addBindingAudit(tx, change, now)
      return { person, wasBound: Boolean(person.openid), change }
    })) as { person: PersonDoc; wasBound: boolean; change: BindingChange }

    const { person, wasBound, change } = result
    await notifyBindingChange(db, change, now)
    if (!wasBound)
      await db
        .collection(C.villages)
        .doc(person.villageId)
        .update({ data: { boundCount: db.command.inc(1) } })
    touch(
      { collection: C.invitations, id: invitation._id },
      { collection: C.people, id: person._id, personId: person._id },
      { collection: C.bindings, id: openid },
    )
    const village = await findById<VillageDoc>(db, C.villages, person.villageId)
    return {
      villageId: person.villageId,
      villageName: village?.name ?? '',
      personName: person.name,
      roles: person.roles as Role[],
    }
  },

  async myProfile(_input, ctx) {
    const { db } = ctx
    const principal = await ctx.principal()
    // Every document is read once, and the reads that do not depend on one another go out together: the units and
    // the caller's roster entries first, then their households and grids (3 round trips with the binding read).
    const reads = new Map<string, Promise<unknown>>()
    const read = <T>(collection: string, id: string): Promise<T | undefined> => {
      const key = `${collection}\u0000${id}`
      let doc = reads.get(key)
      if (!doc) reads.set(key, (doc = findById<T>(db, collection, id)))
      return doc as Promise<T | undefined>
    }
    const levelOf = (m: Membership): ProfileEntry['level'] =>
      m.roles.some((r) => ROLE_LEVEL[r] === 'county') ? 'county' : m.villageId ? 'village' : 'township'
    const entry = async (m: Membership): Promise<ProfileEntry> => {
      const level = levelOf(m)
      if (level === 'county') {
        const county = await read<CountyDoc>(C.counties, COUNTY_ID)
        return {
          level,
          unitId: COUNTY_ID,
          unitName: county?.name ?? '县',
          name: m.name,
          personId: m.personId,
          roles: m.roles,
        }
      }
      if (level === 'township') {
        const township = m.townshipId ? await read<TownshipDoc>(C.townships, m.townshipId) : undefined
        return {
          level,
          unitId: m.townshipId ?? '',
          unitName: township?.name ?? '',
          name: m.name,
          personId: m.personId,
          roles: m.roles,
        }
      }
      // The township the membership names is read with the village; the village's own township decides.
      const named = m.townshipId ? read<TownshipDoc>(C.townships, m.townshipId) : undefined
      named?.catch(() => undefined)
      const [village, person] = await Promise.all([
        read<VillageDoc>(C.villages, m.villageId!),
        m.personId ? read<PersonDoc>(C.people, m.personId) : Promise.resolve(undefined),
      ])
      const [township, household, grid] = await Promise.all([
        village ? read<TownshipDoc>(C.townships, village.townshipId) : Promise.resolve(undefined),
        person?.householdId ? read<HouseholdDoc>(C.households, person.householdId) : Promise.resolve(undefined),
        person?.gridId ? read<GridDoc>(C.grids, person.gridId) : Promise.resolve(undefined),
      ])
      return {
        level,
        unitId: m.villageId!,
        unitName: village?.name ?? '',
        townshipName: township?.name,
        personId: m.personId,
        name: person?.name ?? m.name,
        phoneMasked: person?.phone ? maskPhone(person.phone) : undefined,
        roles: (person?.roles as Role[] | undefined) ?? m.roles,
        party: person?.party ?? undefined,
        household: household
          ? {
              number: household.number,
              headName: household.headName,
              memberCount: household.memberCount,
              adultCount: household.adultCount,
            }
          : undefined,
        gridName: grid?.name,
      }
    }
    return { memberships: await Promise.all(principal.memberships.map(entry)) }
  },
  myNotices,
  markNoticesRead,
})
