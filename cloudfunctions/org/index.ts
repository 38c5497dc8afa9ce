import { orgContract } from '../../common/contracts/org'
import { AppError } from '../../common/errors'
import { effectiveSettings, validateCountyPatch, validateVillageOverrides } from '../../common/rules/settings'
import { beijingMonth } from '../../common/rules/beijing-time'
import { previousMonth, shownLevel } from '../../common/rules/stars'
import { type Database } from '../_lib/cloud'
import { createMain } from '../_lib/runtime'
import {
  COUNTY_ID,
  findById,
  getAll,
  getAllById,
  getOpenVillage,
  getVillage,
  iso,
  type CountyDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import { C } from '../_lib/collections'
import { readCountyPatch, villagePatch } from '../_lib/settings'
import { addOnce, updatedCount } from '../_lib/writes'
import { lifecycle } from './handlers/lifecycle'
import { setup } from './handlers/setup'
import { structure } from './handlers/structure'

/**
 * The villages' star levels from the township's star board of this month (read by id: one document), else of last
 * month (the first days of a month, before the refresh has run).
 */
async function starLevels(db: Database, townshipId: string, now: Date): Promise<Map<string, StarRow>> {
  const month = beijingMonth(now)
  type Board = { villages: Record<string, StarRow> }
  const board =
    (await findById<Board>(db, C.star_boards, `${townshipId}_${month}`)) ??
    (await findById<Board>(db, C.star_boards, `${townshipId}_${previousMonth(month)}`))
  return new Map(Object.entries(board?.villages ?? {}))
}
type StarRow = { level: number; confirmedLevel: number | null }

const stats = (v: VillageDoc, star: StarRow | undefined) => ({
  id: v._id,
  name: v.name,
  kind: v.kind,
  // The same level as the 五星 pages show (common/rules/stars.ts shownLevel); the village record keeps last year's.
  starLevel: star ? shownLevel(star).level : 0,
  starLevelConfirmed: star ? shownLevel(star).confirmed : false,
  lastYearStarLevel: v.starLevel ?? 0,
  householdCount: v.householdCount ?? 0,
  peopleCount: v.peopleCount ?? 0,
  registeredAdults: v.registeredAdults ?? 0,
  partyMemberCount: v.partyMemberCount ?? 0,
  partyMembersAway: v.partyMembersAway ?? 0,
  gridCount: v.gridCount ?? 0,
  boundCount: v.boundCount ?? 0,
  retired: v.retired ? { ...v.retired, at: iso(v.retired.at)! } : undefined,
  merging: v.merging
    ? {
        into: v.merging.into,
        startedAt: iso(v.merging.startedAt)!,
        byName: v.merging.byName,
        reason: v.merging.reason,
        moved: v.merging.moved,
      }
    : undefined,
})

function settingsErrors(errors: { key: string; message: string }[]): never {
  throw new AppError(
    'INVALID_ARGUMENT',
    errors[0]!.message,
    errors.map((e) => ({ path: e.key, message: e.message })),
  )
}

const countySettings = readCountyPatch

export const main = createMain(orgContract, {
  ...setup,
  ...structure,
  ...lifecycle,
  async publicVillages({ townshipId }, { db }) {
    // Townships first; a township's villages only when it is chosen: the picker never downloads the whole county.
    const townships = await getAll<TownshipDoc>(
      db.collection(C.townships).where({ countyId: COUNTY_ID }).orderBy('order', 'asc'),
      1000,
    )
    const villages = townshipId
      ? await getAll<Pick<VillageDoc, '_id' | 'name' | 'kind' | 'townshipId' | 'order' | 'retired'>>(
          db
            .collection(C.villages)
            .where({ townshipId })
            .field({ name: true, kind: true, townshipId: true, order: true, retired: true })
            .orderBy('order', 'asc'),
        ).then((list) => list.filter((v) => !v.retired))
      : []
    return {
      townships: townships.map((t) => ({
        id: t._id,
        name: t.name,
        villages: villages
          .filter((v) => v.townshipId === t._id)
          .map((v) => ({ id: v._id, name: v.name, kind: v.kind })),
      })),
    }
  },

  async villageBoard({ villageId }, { db }) {
    const village = await getVillage(db, villageId)
    const township = await findById<TownshipDoc>(db, C.townships, village.townshipId)
    const { name, address, phone } = village.serviceCentre
    return {
      id: village._id,
      name: village.name,
      kind: village.kind,
      townshipName: township?.name ?? '',
      serviceCentre: { name, address, phone },
    }
  },

  async listTownships(_input, { db }) {
    const county = await findById<CountyDoc>(db, C.counties, COUNTY_ID)
    const townships = await getAll<TownshipDoc>(
      db.collection(C.townships).where({ countyId: COUNTY_ID }).orderBy('order', 'asc'),
      1000,
    )
    // Keyset paging (index villages {countyId, _id}): 2,620 villages at 10× are read once, not re-read page by page.
    const villages = await getAllById<VillageDoc>(db, C.villages, { countyId: COUNTY_ID }, 100_000, {
      townshipId: true,
      householdCount: true,
      partyMemberCount: true,
      partyMembersAway: true,
    })
    return {
      county: { id: COUNTY_ID, name: county?.name ?? '' },
      townships: townships.map((t) => {
        const mine = villages.filter((v) => v.townshipId === t._id)
        const sum = (k: 'householdCount' | 'partyMemberCount' | 'partyMembersAway') =>
          mine.reduce((n, v) => n + (v[k] ?? 0), 0)
        return {
          id: t._id,
          name: t.name,
          villageCount: mine.length,
          householdCount: sum('householdCount'),
          partyMemberCount: sum('partyMemberCount'),
          partyMembersAway: sum('partyMembersAway'),
        }
      }),
    }
  },

  async listVillages({ townshipId }, { db, now }) {
    const [township, villages, levels] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      getAll<VillageDoc>(db.collection(C.villages).where({ townshipId }).orderBy('order', 'asc'), 2000),
      starLevels(db, townshipId, now),
    ])
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    return {
      township: { id: township._id, name: township.name },
      villages: villages.map((v) => stats(v, levels.get(v._id))),
    }
  },

  async getVillage({ villageId }, { db, now }) {
    const village = await getVillage(db, villageId)
    const [township, levels] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, village.townshipId),
      starLevels(db, village.townshipId, now),
    ])
    return {
      ...stats(village, levels.get(village._id)),
      townshipId: village.townshipId,
      townshipName: township?.name ?? '',
      serviceCentre: village.serviceCentre,
    }
  },

  async updateVillage({ villageId, serviceCentre, registeredAdults }, { db, now, touch }) {
    await getOpenVillage(db, villageId, '修改村的信息')
    const patch: Record<string, unknown> = { updatedAt: now }
    if (serviceCentre) patch.serviceCentre = serviceCentre
    if (registeredAdults !== undefined) patch.registeredAdults = registeredAdults
    await db.collection(C.villages).doc(villageId).update({ data: patch })
    touch({ collection: C.villages, id: villageId })
    return { updated: Boolean(serviceCentre || registeredAdults !== undefined) }
  },

  async getSettings({ villageId }, { db }) {
    const village = await getVillage(db, villageId)
    const county = await countySettings(db)
    const overrides = villagePatch(village)
    return { effective: effectiveSettings(county, overrides), county, overrides }
  },

  async updateVillageSettings({ villageId, overrides }, { db, now, touch }) {
    const village = await getOpenVillage(db, villageId, '修改规则设置')
    const county = await countySettings(db)
    const result = validateVillageOverrides(county, villagePatch(village), overrides)
    if (!result.ok) settingsErrors(result.errors)
    // set() of the whole sub-object, so that removed overrides disappear (update would merge).
    await db
      .collection(C.villages)
      .doc(villageId)
      .update({ data: { settingsOverrides: db.command.set(result.value), updatedAt: now } })
    touch({ collection: C.villages, id: villageId })
    return { effective: effectiveSettings(county, result.value), overrides: result.value }
  },

  async getCountySettings(_input, { db }) {
    const county = await countySettings(db)
    return { effective: effectiveSettings(county), county }
  },

  async updateCountySettings({ settings }, { db, now, touch }) {
    const current = await countySettings(db)
    const result = validateCountyPatch(current, settings)
    if (!result.ok) settingsErrors(result.errors)
    // By the county's fixed id: a re-run writes the same settings again; of two first writes, the one whose add
    // collides updates instead.
    const update = () =>
      db
        .collection(C.counties)
        .where({ _id: COUNTY_ID })
        .update({ data: { settings: db.command.set(result.value), updatedAt: now } })
    if (
      updatedCount(await update()) === 0 &&
      !(await addOnce(db.collection(C.counties), { _id: COUNTY_ID, name: '', settings: result.value, updatedAt: now }))
    )
      await update()
    touch({ collection: C.counties, id: COUNTY_ID })
    return { effective: effectiveSettings(result.value), county: result.value }
  },
})
