/**
 * Writing one staged chunk of a roster. Rows are upserts keyed on the salted ID hash (people), the 户号
 * (households), the grid name and the household (联户), so a chunk written twice — an answer lost, an import resumed —
 * updates the same documents. What may have changed since the preview (a grid removed, a member moved to another
 * branch) is checked again here and such a row is skipped.
 */
import { createHash } from 'node:crypto'
import { SUPERVISORS, type Role } from '../../../common/roles'
import { C } from '../../_lib/collections'
import { getDocs, type Database } from '../../_lib/cloud'
import { newId, type GridDoc, type HouseholdDoc, type PersonDoc, type VillageDoc } from '../../_lib/records'
import type { HandlerContext } from '../../_lib/runtime'
import { addOnce } from '../../_lib/writes'
import type { LinkageDoc } from '../../grid/store'
import { gridsByName, peopleByHash, type KnownPerson, type StagedRow } from '../store'

const WRITE_CONCURRENCY = 20

const ROLE_OF: Record<'party' | 'representatives', Role> = {
  party: 'party_member',
  representatives: 'villager_representative',
}

type Counts = { created: number; updated: number; skipped: number; links?: number }

async function inParallel<T>(items: T[], write: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += WRITE_CONCURRENCY)
    await Promise.all(items.slice(i, i + WRITE_CONCURRENCY).map(write))
}

/**
 * Whether the call goes through a township or county organiser's membership: only they appoint a 支部书记
 * (common/rules/role-change.ts; the county's townshipGrantedRoles always include it).
 */
export const mayAppointSecretary = (ctx: Pick<HandlerContext, 'granted'>): boolean =>
  ctx.granted.some((m) => m.roles.some((r) => (SUPERVISORS as readonly Role[]).includes(r)))

const isMember = (roles: readonly string[]) => roles.some((r) => r === 'party_member' || r === 'branch_secretary')

async function peopleOf(db: Database, villageId: string, rows: StagedRow[]) {
  const hashes = new Set<string>()
  for (const r of rows) {
    if (r.idHash) hashes.add(r.idHash)
    if (r.leaderHash) hashes.add(r.leaderHash)
  }
  const known = await peopleByHash(db, [...hashes])
  const here = new Map(known.filter((p) => p.villageId === villageId).map((p) => [p.idHash!, p]))
  const elsewhere = new Set(
    known
      .filter((p) => p.villageId !== villageId && p.roles.some((r) => r === 'party_member' || r === 'branch_secretary'))
      .map((p) => p.idHash!),
  )
  return { here, elsewhere }
}

/** 党员花名册 and 村民代表: a person per row, matched on the ID hash in this village. */
export async function commitPeople(
  ctx: HandlerContext,
  village: VillageDoc,
  kind: 'party' | 'representatives',
  rows: StagedRow[],
): Promise<Counts> {
  const { db, now, touch } = ctx
  const villageId = village._id
  const _ = db.command
  const role = ROLE_OF[kind]
  const appoints = mayAppointSecretary(ctx)
  const grids = await gridsByName(db, villageId)
  const { here, elsewhere } = await peopleOf(db, villageId, rows)
  const good = rows.filter((r) => grids.has(r.values.grid!) && !(kind === 'party' && elsewhere.has(r.idHash!)))
  let created = 0
  let updated = 0
  let newMembers = 0
  let away = 0
  // A file names each person once (a second row is a problem), so parallel writes never meet on one person.
  await inParallel(good, async (r) => {
    const v = r.values
    const fields = {
      name: v.name!,
      phone: v.phone ?? '',
      gridId: grids.get(v.grid!) ?? null,
      idNumberMasked: r.idMasked!,
      idHash: r.idHash!,
      updatedAt: now,
      ...(kind === 'party'
        ? {
            party: {
              standing: v.standing === '预备党员' ? ('probationary' as const) : ('full' as const),
              presence:
                v.presence === '外出'
                  ? ('away' as const)
                  : v.presence === '流动'
                    ? ('mobile' as const)
                    : ('home' as const),
            },
          }
        : {}),
    }
    const existing = here.get(r.idHash!)
    const post: Role[] =
      v.post === '支部书记' && (appoints || existing?.roles.includes('branch_secretary'))
        ? ['branch_secretary']
        : v.post === '支委委员'
          ? ['branch_committee_member']
          : []
    // 在外党员 as the village counts them (villages.partyMembersAway, kept like roster.savePerson keeps it).
    const wasAway = Boolean(existing && isMember(existing.roles) && existing.party?.presence === 'away')
    const isAway = kind === 'party' ? fields.party?.presence === 'away' : wasAway
    away += Number(isAway) - Number(wasAway)
    if (existing) {
      const roles = [...new Set([...existing.roles, role, ...post])]
      if (!existing.roles.includes(role) && role === 'party_member') newMembers++
      await db
        .collection(C.people)
        .doc(existing._id)
        .update({ data: { ...fields, roles } })
      touch({ collection: C.people, id: existing._id, personId: existing._id })
      updated++
    } else {
      const doc: Omit<PersonDoc, '_id'> = {
        villageId,
        townshipId: village.townshipId,
        householdId: null,
        roles: ['resident', role, ...post],
        createdAt: now,
        ...fields,
      }
      const _id = newId('p')
      await db.collection(C.people).add({ data: { _id, ...doc } })
      touch({ collection: C.people, id: _id, personId: _id })
      created++
      if (role === 'party_member') newMembers++
    }
  })
  if (created || newMembers || away)
    await db
      .collection(C.villages)
      .doc(villageId)
      .update({
        data: {
          peopleCount: _.inc(created),
          ...(newMembers ? { partyMemberCount: _.inc(newMembers) } : {}),
          ...(away ? { partyMembersAway: _.inc(away) } : {}),
          updatedAt: now,
        },
      })
  return { created, updated, skipped: rows.length - good.length }
}

async function householdsByNumber(db: Database, villageId: string, numbers: string[]) {
  const _ = db.command
  const out = new Map<string, Pick<HouseholdDoc, '_id' | 'number' | 'gridId' | 'headName'>>()
  for (let i = 0; i < numbers.length; i += 200) {
    const found = await getDocs<Pick<HouseholdDoc, '_id' | 'number' | 'gridId' | 'headName'>>(
      db
        .collection(C.households)
        .where({ villageId, number: _.in(numbers.slice(i, i + 200)) })
        .field({ number: true, gridId: true, headName: true })
        .limit(1000),
    )
    for (const h of found) out.set(h.number, h)
  }
  return out
}

/** Households gained (+) or lost (−) per grid, written as increments once per chunk. */
function gridMoves() {
  const perGrid = new Map<string, number>()
  return {
    move(gridId: string | null | undefined, n: number) {
      if (gridId) perGrid.set(gridId, (perGrid.get(gridId) ?? 0) + n)
    },
    async write(db: Database) {
      const _ = db.command
      for (const [gridId, n] of perGrid)
        if (n)
          await db
            .collection(C.grids)
            .doc(gridId)
            .update({ data: { householdCount: _.inc(n) } })
    },
  }
}

/**
 * 户籍（农户）: each row a household (matched on its 户号 in the village) and its head (matched on the ID hash, made
 * 户主 of it). `created` counts new households; grid and village household counts follow them.
 */
export async function commitHouseholds(
  { db, now, touch }: HandlerContext,
  village: VillageDoc,
  rows: StagedRow[],
): Promise<Counts> {
  const _ = db.command
  const grids = await gridsByName(db, village._id)
  const good = rows.filter((r) => grids.has(r.values.grid!))
  const existing = await householdsByNumber(
    db,
    village._id,
    good.map((r) => r.values.number!),
  )
  const { here } = await peopleOf(db, village._id, good)
  let created = 0
  let updated = 0
  // Heads not on the roster yet: new people of the village (villages.peopleCount).
  let heads = 0
  const moves = gridMoves()
  // A file names each household and each head once (a second row is a problem): parallel writes never meet.
  await inParallel(good, async (r) => {
    const v = r.values
    const gridId = grids.get(v.grid!) ?? null
    const fields = {
      number: v.number!,
      headName: v.name!,
      gridId,
      memberCount: Number(v.memberCount),
      adultCount: Number(v.adultCount),
      updatedAt: now,
    }
    const had = existing.get(v.number!)
    let householdId = had?._id
    if (had && householdId) {
      await db.collection(C.households).doc(householdId).update({ data: fields })
      updated++
      if ((had.gridId ?? null) !== gridId) {
        moves.move(had.gridId, -1)
        moves.move(gridId, 1)
      }
    } else {
      householdId = newId('h')
      await db
        .collection(C.households)
        .add({ data: { _id: householdId, villageId: village._id, townshipId: village.townshipId, ...fields } })
      created++
      moves.move(gridId, 1)
    }
    touch({ collection: C.households, id: householdId })
    const person = {
      name: v.name!,
      phone: v.phone ?? '',
      gridId,
      householdId,
      idNumberMasked: r.idMasked!,
      idHash: r.idHash!,
      updatedAt: now,
    }
    const head = here.get(r.idHash!)
    if (head) {
      const roles = [...new Set([...head.roles, 'resident', 'household_head'])]
      await db
        .collection(C.people)
        .doc(head._id)
        .update({ data: { ...person, roles } })
      touch({ collection: C.people, id: head._id, personId: head._id })
    } else {
      const _id = newId('p')
      const doc: Omit<PersonDoc, '_id'> = {
        villageId: village._id,
        townshipId: village.townshipId,
        roles: ['resident', 'household_head'],
        createdAt: now,
        ...person,
      }
      await db.collection(C.people).add({ data: { _id, ...doc } })
      touch({ collection: C.people, id: _id, personId: _id })
      heads++
    }
  })
  if (created || heads)
    await db
      .collection(C.villages)
      .doc(village._id)
      .update({ data: { householdCount: _.inc(created), peopleCount: _.inc(heads), updatedAt: now } })
  await moves.write(db)
  return { created, updated, skipped: rows.length - good.length }
}

/** A grid created by an import has an id derived from its village and name: a chunk written twice adds it once. */
const gridIdOf = (villageId: string, name: string) =>
  `${villageId}-g-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`

/** Grids named here that the village does not have, created once whatever the retries (ids from the names). */
async function addGrids(
  { db, now, touch }: Pick<HandlerContext, 'db' | 'now' | 'touch'>,
  village: VillageDoc,
  names: string[],
  leaders: ReadonlyMap<string, KnownPerson> = new Map(),
): Promise<{ created: Set<string>; ids: Map<string, string> }> {
  const _ = db.command
  const created = new Set<string>()
  const ids = new Map<string, string>()
  for (const name of names) {
    const _id = gridIdOf(village._id, name)
    const doc: GridDoc = {
      _id,
      villageId: village._id,
      townshipId: village.townshipId,
      name,
      leaderPersonId: leaders.get(name)?._id ?? null,
      householdCount: 0,
    }
    if (await addOnce(db.collection(C.grids), doc as unknown as GridDoc & Record<string, unknown>)) {
      created.add(_id)
      await db
        .collection(C.villages)
        .doc(village._id)
        .update({ data: { gridCount: _.inc(1), updatedAt: now } })
    }
    ids.set(name, _id)
    touch({ collection: C.grids, id: _id })
  }
  return { created, ids }
}

/** A new village's first roster: the grids it names that the village does not have yet. */
export async function createGrids(ctx: HandlerContext, village: VillageDoc, names: string[]): Promise<void> {
  const have = await gridsByName(ctx.db, village._id)
  await addGrids(
    ctx,
    village,
    names.filter((n) => !have.has(n)),
  )
}

/**
 * 网格与联户: grids the village does not have are created, a grid's leader set (and made 网格长), each household
 * put in its row's grid and linked to its row's member. A household already linked to that member keeps its link;
 * one linked to another member has that link ended (kept as history) and the new one carries its visit state on,
 * as grid.assign does. `created`: grids created; `updated`: grids whose leader changed and households moved to
 * another grid; `links`: links set.
 */
export async function commitGrids(
  { db, now, touch, granted }: HandlerContext,
  village: VillageDoc,
  stageId: string,
  rows: StagedRow[],
): Promise<Counts> {
  const _ = db.command
  const villageId = village._id
  const grids = await gridsByName(db, villageId)
  const { here } = await peopleOf(db, villageId, rows)
  const households = await householdsByNumber(
    db,
    villageId,
    rows.map((r) => r.values.household!),
  )
  const good = rows.filter((r) => {
    const member = here.get(r.idHash!)
    return (
      households.has(r.values.household!) &&
      member?.roles.some((x) => x === 'party_member' || x === 'branch_secretary') &&
      (!r.leaderHash || here.has(r.leaderHash))
    )
  })
  let created = 0
  let updated = 0
  let links = 0

  // Grids first: created (once, whatever the retries) and their leaders set.
  const leaders = new Map<string, KnownPerson>()
  const fresh = new Set<string>()
  for (const r of good) if (r.leaderHash) leaders.set(r.values.grid!, here.get(r.leaderHash)!)
  const made = await addGrids(
    { db, now, touch },
    village,
    [...new Set(good.map((r) => r.values.grid!))].filter((name) => !grids.has(name)),
    leaders,
  )
  created += made.created.size
  for (const id of made.created) fresh.add(id)
  for (const [name, id] of made.ids) grids.set(name, id)
  const current = await getDocs<Pick<GridDoc, '_id' | 'leaderPersonId'>>(
    db
      .collection(C.grids)
      .where({ villageId, _id: _.in([...leaders.keys()].map((n) => grids.get(n)!)) })
      .field({ leaderPersonId: true })
      .limit(1000),
  )
  for (const [name, leader] of leaders) {
    const gridId = grids.get(name)!
    if (current.find((g) => g._id === gridId)?.leaderPersonId !== leader._id) {
      await db
        .collection(C.grids)
        .doc(gridId)
        .update({ data: { leaderPersonId: leader._id } })
      if (!fresh.has(gridId)) updated++
      touch({ collection: C.grids, id: gridId })
    }
    if (!leader.roles.includes('grid_leader'))
      await db
        .collection(C.people)
        .doc(leader._id)
        .update({ data: { roles: [...leader.roles, 'grid_leader'], updatedAt: now } })
  }

  // The households' links: the latest link of each (active or ended) carries the visit state on.
  const ids = good.map((r) => households.get(r.values.household!)!._id)
  const previous: LinkageDoc[] = []
  for (let i = 0; i < ids.length; i += 200)
    previous.push(
      ...(await getDocs<LinkageDoc>(
        db
          .collection(C.linkages)
          .where({ villageId, householdId: _.in(ids.slice(i, i + 200)) })
          .orderBy('from', 'desc')
          .limit(1000),
      )),
    )
  const latest = new Map<string, LinkageDoc>()
  for (const l of previous) if (!latest.has(l.householdId)) latest.set(l.householdId, l)
  const by = granted.find((m) => m.name)?.name ?? ''
  const moves = gridMoves()
  // A household appears once in a file (a second row is a problem): parallel writes never meet on one household.
  await inParallel(good, async (r) => {
    const household = households.get(r.values.household!)!
    const member = here.get(r.idHash!)!
    const gridId = grids.get(r.values.grid!)!
    if ((household.gridId ?? null) !== gridId) {
      await db
        .collection(C.households)
        .doc(household._id)
        .update({ data: { gridId, updatedAt: now } })
      moves.move(household.gridId, -1)
      moves.move(gridId, 1)
      updated++
    }
    if (!member.gridId)
      await db
        .collection(C.people)
        .doc(member._id)
        .update({ data: { gridId, updatedAt: now } })
    touch({ collection: C.households, id: household._id })
    const prev = latest.get(household._id)
    if (prev?.active && prev.memberPersonId === member._id) {
      if (prev.gridId !== gridId) await db.collection(C.linkages).doc(prev._id).update({ data: { gridId } })
      return
    }
    if (prev?.active)
      await db
        .collection(C.linkages)
        .where({ _id: prev._id, active: true })
        .update({ data: { active: false, to: now } })
    const link: LinkageDoc = {
      _id: `lk-${createHash('sha256')
        .update(`${stageId}:${r.line}:${prev?._id ?? ''}`)
        .digest('hex')
        .slice(0, 20)}`,
      villageId,
      townshipId: village.townshipId,
      gridId,
      householdId: household._id,
      memberPersonId: member._id,
      memberName: member.name,
      active: true,
      from: now,
      to: null,
      note: '花名册导入',
      by,
      lastVisitDate: prev?.lastVisitDate ?? null,
      visitYear: prev?.visitYear ?? 0,
      visitsInYear: prev?.visitsInYear ?? 0,
    }
    if (await addOnce(db.collection(C.linkages), link as unknown as LinkageDoc & Record<string, unknown>)) links++
  })
  await moves.write(db)
  return { created, updated, skipped: rows.length - good.length, links }
}
