/**
 * The county's organisation, edited in the app: townships (county organiser) and villages with their service
 * centre (county organiser anywhere, township organiser in its own township — the runtime's township scope).
 * Audited by the contract (`audit: 'write'`).
 */
import { orgContract } from '../../../common/contracts/org'
import { AppError } from '../../../common/errors'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { COUNTY_ID, findById, newId, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'

export const structure: Pick<Handlers<typeof orgContract>, 'createTownship' | 'createVillage'> = {
  async createTownship({ name, kind }, { db, now, touch }) {
    const existing = await getDocs<Pick<TownshipDoc, '_id' | 'name'>>(
      db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000),
    )
    if (existing.some((t) => t.name === name)) throw new AppError('CONFLICT', `本县已有「${name}」`)
    const townshipId = newId('t')
    const doc: Omit<TownshipDoc, '_id'> & { createdAt: Date } = {
      countyId: COUNTY_ID,
      name,
      kind,
      order: existing.length + 1,
      createdAt: now,
    }
    await db.collection(C.townships).add({ data: { _id: townshipId, ...doc } })
    touch({ collection: C.townships, id: townshipId })
    return { townshipId }
  },

  async createVillage({ townshipId, name, kind, serviceCentre }, { db, now, touch }) {
    const township = await findById<TownshipDoc>(db, C.townships, townshipId)
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const existing = await getDocs<Pick<VillageDoc, '_id' | 'name'>>(
      db.collection(C.villages).where({ townshipId }).field({ name: true }).limit(1000),
    )
    if (existing.some((v) => v.name === name)) throw new AppError('CONFLICT', `${township.name}已有「${name}」`)
    const villageId = newId('v')
    const doc: Omit<VillageDoc, '_id'> & { createdAt: Date } = {
      countyId: COUNTY_ID,
      townshipId,
      name,
      kind,
      order: existing.length + 1,
      starLevel: 0,
      serviceCentre,
      registeredAdults: 0,
      householdCount: 0,
      partyMemberCount: 0,
      partyMembersAway: 0,
      gridCount: 0,
      peopleCount: 0,
      boundCount: 0,
      settingsOverrides: {},
      createdAt: now,
      updatedAt: now,
    }
    await db.collection(C.villages).add({ data: { _id: villageId, ...doc } })
    touch({ collection: C.villages, id: villageId })
    return { villageId }
  },
}
