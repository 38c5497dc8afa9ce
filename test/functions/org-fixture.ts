/**
 * A small organisation for function tests: county → townships t1 (villages v1, v2) and t2 (village v3); in each
 * village two grids, three households and one person per village role; a binding for every role in v1 (OPENID
 * `m-<role>`), a township organiser of t1 and a county organiser. Written straight into the local cloud's engine.
 */
import type { LocalCloud } from '../../local/cloud'
import { ALL_ROLES, ROLE_LEVEL, VILLAGE_ROLES, type Role } from '../../common/roles'
import { C } from '../../cloudfunctions/_lib/collections'

export const VILLAGES = { v1: 't1', v2: 't1', v3: 't2' } as const
export type VillageId = keyof typeof VILLAGES
export const openidOf = (role: Role) => `m-${role.replace(/_/g, '-')}`
export const personIdOf = (villageId: string, role: Role) => `${villageId}-${role.replace(/_/g, '-')}`
/** A person in grid 1 of each village (the grid the grid leader leads), with a household. */
export const samplePersonOf = (villageId: string) => personIdOf(villageId, 'resident')
export const NOW = new Date('2026-03-02T02:00:00.000Z')

type Doc = Record<string, unknown> & { _id: string }

export function orgDocs(): Map<string, Doc[]> {
  const out = new Map<string, Doc[]>()
  const put = (c: string, d: Doc) => {
    if (!out.has(c)) out.set(c, [])
    out.get(c)!.push(d)
  }
  put(C.counties, { _id: 'xinye', name: '测试县', settings: {} })
  put(C.townships, { _id: 't1', countyId: 'xinye', name: '一号镇', kind: '镇', order: 1 })
  put(C.townships, { _id: 't2', countyId: 'xinye', name: '二号乡', kind: '乡', order: 2 })
  let order = 0
  for (const [villageId, townshipId] of Object.entries(VILLAGES)) {
    order++
    put(C.villages, {
      _id: villageId,
      countyId: 'xinye',
      townshipId,
      name: `${villageId}村`,
      kind: 'village',
      order,
      starLevel: 3,
      serviceCentre: {
        name: `${villageId}村党群服务中心`,
        address: '村委会院内',
        phone: '0377-6600000',
        latitude: 32.5,
        longitude: 112.3,
        radiusMetres: 200,
      },
      registeredAdults: 7,
      householdCount: 3,
      partyMemberCount: 1,
      partyMembersAway: 0,
      gridCount: 2,
      peopleCount: VILLAGE_ROLES.length,
      boundCount: 0,
      settingsOverrides: {},
    })
    for (const g of [1, 2]) {
      put(C.grids, {
        _id: `${villageId}-g${g}`,
        villageId,
        townshipId,
        name: `第${g}网格`,
        leaderPersonId: g === 1 ? personIdOf(villageId, 'grid_leader') : null,
        householdCount: g === 1 ? 2 : 1,
      })
    }
    for (const h of [1, 2, 3]) {
      put(C.households, {
        _id: `${villageId}-h${h}`,
        villageId,
        townshipId,
        gridId: `${villageId}-g${h === 3 ? 2 : 1}`,
        number: `000${h}`,
        headName: `户主${h}`,
        memberCount: 3,
        adultCount: 2,
      })
    }
    for (const role of VILLAGE_ROLES) {
      const bound = villageId === 'v1'
      put(C.people, {
        _id: personIdOf(villageId, role),
        villageId,
        townshipId,
        name: `${villageId}${role}`,
        phone: '13800001234',
        roles: role === 'party_member' ? [role, 'resident'] : [role],
        householdId: role === 'household_head' || role === 'resident' ? `${villageId}-h1` : `${villageId}-h2`,
        // Everyone but the resident first secretary lives in grid 1; one person lives in grid 2.
        gridId: role === 'villager_representative' ? `${villageId}-g2` : `${villageId}-g1`,
        party: role === 'party_member' ? { standing: 'full', presence: 'home' } : null,
        openid: bound ? openidOf(role) : null,
        boundAt: bound ? NOW : null,
        createdAt: NOW,
        updatedAt: NOW,
      })
    }
  }
  for (const role of ALL_ROLES) {
    const level = ROLE_LEVEL[role]
    const membership =
      level === 'village'
        ? {
            villageId: 'v1',
            townshipId: 't1',
            personId: personIdOf('v1', role),
            name: `v1${role}`,
            roles: role === 'party_member' ? [role, 'resident'] : [role],
          }
        : level === 'township'
          ? { townshipId: 't1', name: '乡镇组织委员甲', roles: [role] }
          : { name: '县委组织部甲', roles: [role] }
    put(C.bindings, { _id: openidOf(role), memberships: [membership] })
  }
  return out
}

export async function writeDocs(cloud: LocalCloud, docs: Map<string, Doc[]>): Promise<void> {
  const ops = [...docs.entries()].flatMap(([c, list]) => list.map((d) => ({ k: 'put' as const, c, d })))
  await cloud.engine.apply(ops)
}
