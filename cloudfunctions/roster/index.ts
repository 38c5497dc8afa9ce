import { rosterContract } from '../../common/contracts/roster'
import { AppError } from '../../common/errors'
import { isMaskedIdNumber, maskIdNumber, maskPhone, idNumberChecksumOk } from '../../common/rules/masking'
import { formatCode } from '../../common/rules/invitation-code'
import { ROSTER_KEEPERS, SUPERVISORS, type Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import { invitationIdOf, newInvitationCode } from '../_lib/invitations'
import type { BindingDoc, Membership } from '../_lib/principal'
import {
  findById,
  getInVillage,
  getVillage,
  iso,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type InvitationDoc,
  type PersonDoc,
} from '../_lib/records'
import { createMain, type HandlerContext } from '../_lib/runtime'
import { codeMaker } from '../_lib/wxacode'
import { C } from '../_lib/collections'
import { countySettings } from '../_lib/settings'

const DAY_MS = 24 * 3600_000
const WHOLE_VILLAGE_READERS: readonly Role[] = [...ROSTER_KEEPERS, 'resident_cadre', ...SUPERVISORS]

/**
 * A grid leader reads only their own grid(s); every other role that reaches the village reads all of it.
 * Returns the grid ids to restrict to, or null for no restriction.
 */
async function gridRestriction(ctx: HandlerContext, villageId: string): Promise<string[] | null> {
  // ctx.granted holds only memberships that reach this village, so any whole-village role among them counts.
  if (ctx.granted.some((m) => m.roles.some((r) => WHOLE_VILLAGE_READERS.includes(r)))) return null
  const personIds = ctx.granted.filter((m) => m.villageId === villageId && m.personId).map((m) => m.personId!)
  if (personIds.length === 0) return []
  const grids = await getDocs<GridDoc>(
    ctx.db
      .collection(C.grids)
      .where({ villageId, leaderPersonId: ctx.db.command.in(personIds) })
      .limit(100),
  )
  return grids.map((g) => g._id)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const personRow = (p: PersonDoc) => ({
  id: p._id,
  name: p.name,
  phoneMasked: p.phone ? maskPhone(p.phone) : '',
  roles: p.roles as Role[],
  householdId: p.householdId ?? undefined,
  gridId: p.gridId ?? undefined,
  party: p.party ?? undefined,
  bound: Boolean(p.openid),
})

function villageCounters(p: Pick<PersonDoc, 'roles' | 'party'> | undefined) {
  const member = Boolean(p?.roles.includes('party_member'))
  return { people: p ? 1 : 0, party: member ? 1 : 0, away: member && p?.party?.presence === 'away' ? 1 : 0 }
}

async function syncBinding(db: Database, person: PersonDoc, now: Date): Promise<void> {
  if (!person.openid) return
  const binding = await findById<BindingDoc>(db, C.bindings, person.openid)
  if (!binding) return
  const memberships: Membership[] = (binding.memberships ?? []).map((m) =>
    m.personId === person._id ? { ...m, roles: person.roles as Role[], name: person.name } : m,
  )
  await db
    .collection(C.bindings)
    .doc(person.openid)
    .update({ data: { memberships: db.command.set(memberships), updatedAt: now } })
}

export const main = createMain(rosterContract, {
  async listPeople({ villageId, query, role, gridId, householdId, offset, limit }, ctx) {
    const { db } = ctx
    const _ = db.command
    const grids = await gridRestriction(ctx, villageId)
    if (grids && gridId && !grids.includes(gridId)) throw new AppError('FORBIDDEN', '网格长只能查看本网格的人员')
    const where: Record<string, unknown> = { villageId }
    if (grids) where.gridId = gridId ?? _.in(grids)
    else if (gridId) where.gridId = gridId
    if (role) where.roles = role
    if (householdId) where.householdId = householdId
    const q = query?.trim()
    if (q) {
      if (/^\d{4}$/.test(q)) where.phone = db.RegExp({ regexp: `${q}$` })
      else where.name = db.RegExp({ regexp: escapeRegExp(q) })
    }
    const base = db.collection(C.people).where(where)
    const [{ total }, people] = await Promise.all([
      base.count() as Promise<{ total: number }>,
      getDocs<PersonDoc>(db.collection(C.people).where(where).orderBy('name', 'asc').skip(offset).limit(limit)),
    ])
    ctx.touch(...people.map((p) => ({ collection: C.people, id: p._id, personId: p._id })))
    return {
      people: people.map(personRow),
      total,
      nextOffset: offset + people.length < total ? offset + people.length : undefined,
    }
  },

  async getPerson({ villageId, personId }, ctx) {
    const person = await getInVillage<PersonDoc>(ctx.db, C.people, villageId, personId, '人员')
    const grids = await gridRestriction(ctx, villageId)
    if (grids && !(person.gridId && grids.includes(person.gridId)))
      throw new AppError('FORBIDDEN', '网格长只能查看本网格的人员')
    ctx.touch({ collection: C.people, id: person._id, personId: person._id })
    return {
      ...personRow(person),
      phone: person.phone ?? '',
      idNumberMasked: person.idNumberMasked ?? undefined,
      gender: person.gender ?? undefined,
      boundAt: iso(person.boundAt),
    }
  },

  async savePerson(input, { db, now, touch }) {
    const { villageId } = input
    const village = await getVillage(db, villageId)
    if (input.roles.includes('party_member') && !input.party)
      throw new AppError('INVALID_ARGUMENT', '党员须填写正式/预备和在家/在外情况', [
        { path: 'party', message: '请填写' },
      ])
    let idNumberMasked: string | undefined
    if (input.idNumber) {
      if (isMaskedIdNumber(input.idNumber.toUpperCase())) idNumberMasked = input.idNumber.toUpperCase()
      else if (!idNumberChecksumOk(input.idNumber))
        throw new AppError('INVALID_ARGUMENT', '身份证号不正确，请核对', [{ path: 'idNumber', message: '校验位不符' }])
      else idNumberMasked = maskIdNumber(input.idNumber)
    }
    if (input.householdId) await getInVillage<HouseholdDoc>(db, C.households, villageId, input.householdId, '户')
    if (input.gridId) await getInVillage<GridDoc>(db, C.grids, villageId, input.gridId, '网格')
    const fields = {
      name: input.name,
      phone: input.phone ?? '',
      ...(idNumberMasked ? { idNumberMasked } : {}),
      ...(input.gender ? { gender: input.gender } : {}),
      householdId: input.householdId ?? null,
      gridId: input.gridId ?? null,
      roles: [...new Set(input.roles)],
      party: input.roles.includes('party_member') ? input.party : null,
      updatedAt: now,
    }
    let before: PersonDoc | undefined
    let personId = input.personId
    if (personId) {
      before = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
      await db.collection(C.people).doc(personId).update({ data: fields })
    } else {
      personId = newId('p')
      await db.collection(C.people).add({
        data: {
          _id: personId,
          villageId,
          townshipId: village.townshipId,
          openid: null,
          boundAt: null,
          createdAt: now,
          ...fields,
        },
      })
    }
    const after = { ...(before ?? {}), ...fields, _id: personId } as PersonDoc
    const a = villageCounters(before)
    const b = villageCounters(after as PersonDoc)
    const _ = db.command
    if (a.people !== b.people || a.party !== b.party || a.away !== b.away) {
      await db
        .collection(C.villages)
        .doc(villageId)
        .update({
          data: {
            peopleCount: _.inc(b.people - a.people),
            partyMemberCount: _.inc(b.party - a.party),
            partyMembersAway: _.inc(b.away - a.away),
          },
        })
    }
    if (before?.openid) await syncBinding(db, { ...before, ...after } as PersonDoc, now)
    touch({ collection: C.people, id: personId, personId })
    return { personId }
  },

  async listHouseholds({ villageId, query, gridId, offset, limit }, ctx) {
    const { db } = ctx
    const grids = await gridRestriction(ctx, villageId)
    if (grids && gridId && !grids.includes(gridId)) throw new AppError('FORBIDDEN', '网格长只能查看本网格的户')
    const where: Record<string, unknown> = { villageId }
    if (grids) where.gridId = gridId ?? db.command.in(grids)
    else if (gridId) where.gridId = gridId
    const q = query?.trim()
    if (q) where.headName = db.RegExp({ regexp: escapeRegExp(q) })
    const [{ total }, households] = await Promise.all([
      db.collection(C.households).where(where).count() as Promise<{ total: number }>,
      getDocs<HouseholdDoc>(
        db.collection(C.households).where(where).orderBy('number', 'asc').skip(offset).limit(limit),
      ),
    ])
    ctx.touch(...households.map((h) => ({ collection: C.households, id: h._id })))
    return {
      households: households.map((h) => ({
        id: h._id,
        number: h.number,
        headName: h.headName,
        gridId: h.gridId ?? undefined,
        memberCount: h.memberCount,
        adultCount: h.adultCount,
      })),
      total,
      nextOffset: offset + households.length < total ? offset + households.length : undefined,
    }
  },

  async saveHousehold(input, { db, now, touch }) {
    const { villageId } = input
    const village = await getVillage(db, villageId)
    if (input.adultCount > input.memberCount)
      throw new AppError('INVALID_ARGUMENT', '成年人数不能多于全户人数', [
        { path: 'adultCount', message: '不能多于全户人数' },
      ])
    if (input.gridId) await getInVillage<GridDoc>(db, C.grids, villageId, input.gridId, '网格')
    const fields = {
      number: input.number,
      headName: input.headName,
      gridId: input.gridId ?? null,
      memberCount: input.memberCount,
      adultCount: input.adultCount,
      updatedAt: now,
    }
    const _ = db.command
    let householdId = input.householdId
    if (householdId) {
      const before = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
      await db.collection(C.households).doc(householdId).update({ data: fields })
      if (before.gridId !== fields.gridId) {
        if (before.gridId)
          await db
            .collection(C.grids)
            .doc(before.gridId)
            .update({ data: { householdCount: _.inc(-1) } })
        if (fields.gridId)
          await db
            .collection(C.grids)
            .doc(fields.gridId)
            .update({ data: { householdCount: _.inc(1) } })
      }
    } else {
      householdId = newId('h')
      await db
        .collection(C.households)
        .add({ data: { _id: householdId, villageId, townshipId: village.townshipId, ...fields } })
      await db
        .collection(C.villages)
        .doc(villageId)
        .update({ data: { householdCount: _.inc(1) } })
      if (fields.gridId)
        await db
          .collection(C.grids)
          .doc(fields.gridId)
          .update({ data: { householdCount: _.inc(1) } })
    }
    touch({ collection: C.households, id: householdId })
    return { householdId }
  },

  async listGrids({ villageId }, { db }) {
    const grids = await getDocs<GridDoc>(db.collection(C.grids).where({ villageId }).orderBy('name', 'asc').limit(200))
    const leaderIds = grids.flatMap((g) => (g.leaderPersonId ? [g.leaderPersonId] : []))
    const leaders = leaderIds.length
      ? await getDocs<PersonDoc>(
          db
            .collection(C.people)
            .where({ villageId, _id: db.command.in(leaderIds) })
            .field({ name: true })
            .limit(200),
        )
      : []
    return {
      grids: grids.map((g) => ({
        id: g._id,
        name: g.name,
        leaderPersonId: g.leaderPersonId ?? undefined,
        leaderName: leaders.find((p) => p._id === g.leaderPersonId)?.name,
        householdCount: g.householdCount ?? 0,
      })),
    }
  },

  async saveGrid({ villageId, gridId, name, leaderPersonId }, { db, touch }) {
    const village = await getVillage(db, villageId)
    if (leaderPersonId) await getInVillage<PersonDoc>(db, C.people, villageId, leaderPersonId, '人员')
    let id = gridId
    if (id) {
      await getInVillage<GridDoc>(db, C.grids, villageId, id, '网格')
      await db
        .collection(C.grids)
        .doc(id)
        .update({ data: { name, leaderPersonId: leaderPersonId ?? null } })
    } else {
      id = newId('g')
      await db.collection(C.grids).add({
        data: {
          _id: id,
          villageId,
          townshipId: village.townshipId,
          name,
          leaderPersonId: leaderPersonId ?? null,
          householdCount: 0,
        },
      })
      await db
        .collection(C.villages)
        .doc(villageId)
        .update({ data: { gridCount: db.command.inc(1) } })
    }
    touch({ collection: C.grids, id })
    return { gridId: id }
  },

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
})
