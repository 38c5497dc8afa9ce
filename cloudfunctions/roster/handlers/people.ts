import { rosterContract } from '../../../common/contracts/roster'
import { AppError } from '../../../common/errors'
import { idNumberChecksumOk, isMaskedIdNumber, maskIdNumber } from '../../../common/rules/masking'
import { reveal, visibilityOf } from '../../../common/rules/personal-data'
import { roleChangeRefusal } from '../../../common/rules/role-change'
import { type Role } from '../../../common/roles'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import {
  getInVillage,
  getVillage,
  getOpenVillage,
  iso,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
} from '../../_lib/records'
import { ownPersonIds } from '../../_lib/principal'
import type { Handlers } from '../../_lib/runtime'
import { countySettings } from '../../_lib/settings'
import { txGet } from '../../_lib/transaction'
import { actsAsSupervisor, escapeRegExp, gridRestriction, syncBinding, villageCounters } from '../store'
import { personRow } from '../views'

/** 花名册: the village's people (masked phone and id numbers), kept by the roster keepers. */
export const people: Pick<Handlers<typeof rosterContract>, 'listPeople' | 'getPerson' | 'savePerson'> = {
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
    // No count over the village: the whole roll's size is the village's maintained peopleCount; a filtered list
    // says only whether there is more (one extra row read), its size when it fits on the first page.
    const filtered = Boolean(grids || gridId || role || householdId || q)
    const [village, rows] = await Promise.all([
      filtered ? null : getVillage(db, villageId),
      getDocs<PersonDoc>(
        db
          .collection(C.people)
          .where(where)
          .orderBy('name', 'asc')
          .skip(offset)
          .limit(limit + 1),
      ),
    ])
    const more = rows.length > limit
    const people = rows.slice(0, limit)
    ctx.touch(...people.map((p) => ({ collection: C.people, id: p._id, personId: p._id })))
    return {
      people: people.map(personRow),
      total: village ? village.peopleCount : !more && offset === 0 ? people.length : undefined,
      nextOffset: more ? offset + people.length : undefined,
    }
  },

  async getPerson({ villageId, personId }, ctx) {
    const person = await getInVillage<PersonDoc>(ctx.db, C.people, villageId, personId, '人员')
    const grids = await gridRestriction(ctx, villageId)
    if (grids && !(person.gridId && grids.includes(person.gridId)))
      throw new AppError('FORBIDDEN', '网格长只能查看本网格的人员')
    ctx.touch({ collection: C.people, id: person._id, personId: person._id })
    // docs/access.md, field by field: the full phone to those who need to reach the person, the ID tail only to
    // the roster keepers.
    const roles = [...new Set(ctx.granted.flatMap((m) => m.roles))]
    return {
      ...personRow(person),
      phone: reveal('personPhone', person.phone ?? '', visibilityOf('personPhone', roles)) ?? '',
      idNumberMasked: person.idNumberMasked
        ? reveal('idTail', person.idNumberMasked, visibilityOf('idTail', roles))
        : undefined,
      gender: person.gender ?? undefined,
      boundAt: iso(person.boundAt),
    }
  },

  async savePerson(input, ctx) {
    const { db, now, touch } = ctx
    const { villageId } = input
    const village = await getOpenVillage(db, villageId, '修改花名册')
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
    if (personId) before = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
    // Roles follow a rule, not trust (common/rules/role-change.ts): never one's own, and the county's listed roles
    // (支部书记, 驻村第一书记, …) only through the township.
    const [principal, settings] = await Promise.all([ctx.principal(), countySettings(db)])
    const refusal = roleChangeRefusal({
      personId,
      callerPersonIds: [
        ...ownPersonIds(principal),
        ...(before?.openid && before.openid === ctx.identity.openid ? [before._id] : []),
      ],
      supervisor: actsAsSupervisor(ctx),
      before: (before?.roles ?? []) as Role[],
      after: fields.roles as Role[],
      townshipGrantedRoles: settings.townshipGrantedRoles,
    })
    if (refusal) throw new AppError('FORBIDDEN', refusal)
    if (!personId) personId = newId('p')
    const id = personId
    const _ = db.command
    // The person, the village's counters and the person's binding change in one transaction with the idempotency
    // record (docs/exactly-once.md): a killed call leaves all or nothing, a resend never adds a second person.
    return ctx.commit(async (tx) => {
      // Counters follow the person as this transaction sees it; a concurrent edit makes it conflict and retry.
      const current = before ? await txGet<PersonDoc>(tx, C.people, id) : null
      if (before && !current) throw new AppError('NOT_FOUND', '人员不存在或不属于本村')
      // `party` as a whole (`_.set`): a nested object would be merged field by field, which fails on `party: null`.
      if (current)
        await tx
          .collection(C.people)
          .doc(id)
          .update({ data: { ...fields, party: _.set(fields.party) } })
      else
        await tx.collection(C.people).add({
          data: {
            _id: id,
            villageId,
            townshipId: village.townshipId,
            openid: null,
            boundAt: null,
            createdAt: now,
            ...fields,
          },
        })
      const after = { ...(current ?? {}), ...fields, _id: id } as PersonDoc
      const a = villageCounters(current ?? undefined)
      const b = villageCounters(after)
      if (a.people !== b.people || a.party !== b.party || a.away !== b.away) {
        await tx
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
      if (current?.openid) await syncBinding(tx, db, after, now)
      touch({ collection: C.people, id, personId: id })
      return { personId: id }
    })
  },
}
