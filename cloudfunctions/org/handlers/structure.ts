/**
 * The county's organisation, edited in the app: townships (county organiser) and villages with their service
 * centre (county organiser anywhere, township organiser in its own township — the runtime's township scope).
 * Audited by the contract (`audit: 'write'`).
 */
import { orgContract } from '../../../common/contracts/org'
import { AppError } from '../../../common/errors'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { COUNTY_ID, findById, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { addOnce } from '../../_lib/writes'

export const structure: Pick<Handlers<typeof orgContract>, 'createTownship' | 'createVillage'> = {
  async createTownship({ name, kind }, { db, now, touch, newId }) {
    const existing = await getDocs<Pick<TownshipDoc, '_id' | 'name'>>(
      db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000),
    )
    const townshipId = newId('t')
    // A resend finds its own first run's township by the derived id: not a name clash.
    if (existing.some((t) => t.name === name && t._id !== townshipId))
      throw new AppError('CONFLICT', `本县已有「${name}」`)
    const doc: Omit<TownshipDoc, '_id'> & { createdAt: Date } = {
      countyId: COUNTY_ID,
      name,
      kind,
      order: existing.length + 1,
      createdAt: now,
    }
    await addOnce(db.collection(C.townships), { _id: townshipId, ...doc })
    touch({ collection: C.townships, id: townshipId })
    return { townshipId }
  },

  async createVillage({ townshipId, name, kind, serviceCentre }, { db, now, touch, newId }) {
    const township = await findById<TownshipDoc>(db, C.townships, townshipId)
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const existing = await getDocs<Pick<VillageDoc, '_id' | 'name'>>(
      db.collection(C.villages).where({ townshipId }).field({ name: true }).limit(1000),
    )
    const villageId = newId('v')
    if (existing.some((v) => v.name === name && v._id !== villageId))
      throw new AppError('CONFLICT', `${township.name}已有「${name}」`)
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
    await addOnce(db.collection(C.villages), { _id: villageId, ...doc })
    touch({ collection: C.villages, id: villageId })
    return { villageId }
  },
}
