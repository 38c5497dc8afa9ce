/**
 * Demo data for `npm run db:reset`: a county modelled on the seed article (Xinye, Nanyang) — 15 townships/streets,
 * 262 villages and communities across the 2023 star levels (7 five-star, 36 four-star, 98 three-star, 121
 * two-star), grids, ~78,000 households, ~19,000 Party members of whom about a third work away, cadres, grid leaders,
 * villager representatives and residents — plus demo WeChat identities bound to people of every role.
 *
 * Deterministic: the same seed gives the same documents (ids, names, numbers), so tests and screenshots are stable.
 * Names and phone numbers are invented; township names are the real ones of the county, village names are not.
 */
import { ROLE_LABELS, type Role } from '../../common/roles'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

export type Doc = Record<string, unknown> & { _id: string }
export type DemoData = Map<string, Doc[]>

export interface DemoOptions {
  seed?: number
  /** 1 = the full county; smaller values shrink households and members per village (tests). */
  scale?: number
  /** Only the first N townships (tests). */
  townships?: number
  /** The instant written as createdAt/updatedAt (default 2026-01-01 Beijing). */
  now?: Date
  /**
   * Villages per township multiplied by this (default 1: the county's 262). 10 gives the benchmark's 10× county
   * (2,620 villages in the same 15 townships); ids widen to v0001.
   */
  villageMultiplier?: number
  /**
   * Every adult of every household registered and bound (the benchmark's ~208,000 registered users): one
   * `people` document (role resident) and one `bindings` document per adult not already a person of the
   * household. Off for `db:reset`. Drawn from a second generator, so the rest of the county is unchanged.
   */
  registeredResidents?: boolean
}

export const DEMO_COUNTY_ID = 'xinye'
/** Prefix of every demo OPENID; the local server's demo login lists them. */
export const DEMO_OPENID_PREFIX = 'demo-'
/** Local-only collection listing the demo identities (never declared in cloudbase/indexes.json, never deployed). */
export const DEMO_LOGINS = 'demo_logins'

const TOWNSHIPS: { name: string; kind: '乡' | '镇' | '街道' }[] = [
  { name: '汉城街道', kind: '街道' },
  { name: '汉华街道', kind: '街道' },
  { name: '城郊乡', kind: '乡' },
  { name: '王庄镇', kind: '镇' },
  { name: '沙堰镇', kind: '镇' },
  { name: '新甸铺镇', kind: '镇' },
  { name: '施庵镇', kind: '镇' },
  { name: '歪子镇', kind: '镇' },
  { name: '五星镇', kind: '镇' },
  { name: '溧河铺镇', kind: '镇' },
  { name: '王集镇', kind: '镇' },
  { name: '樊集乡', kind: '乡' },
  { name: '上庄乡', kind: '乡' },
  { name: '前高庙乡', kind: '乡' },
  { name: '上港乡', kind: '乡' },
]
/** Villages per township: 262 in all. */
const VILLAGES_PER_TOWNSHIP = [12, 12, 18, 20, 20, 19, 18, 18, 19, 17, 19, 16, 17, 18, 19]
/** Townships (by index) whose first two villages and organiser get demo identities: 城郊乡, 王庄镇. */
const DEMO_TOWNSHIPS = [2, 3]
const STAR_COUNTS: [number, number][] = [
  [5, 7],
  [4, 36],
  [3, 98],
  [2, 121],
]

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN =
  '建国华明军平志强伟芳秀英玉兰桂红丽敏静海涛磊洋勇艳杰娟霞刚斌波辉鹏飞超林凤云霞春梅金荣德福贵长青永生国庆新民爱莲翠花振华学文'
const PLACE_HEADS =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江'
const PLACE_TAILS = [
  '庄',
  '营',
  '湾',
  '岗',
  '寨',
  '集',
  '洼',
  '楼',
  '桥',
  '店',
  '铺',
  '河',
  '坡',
  '堰',
  '岭',
  '屯',
  '园',
  '台',
]
const NAME_PREFIXES = '东西南北前后大小上下新老中'
const COMMUNITY_NAMES = [
  '汉城',
  '新华',
  '书院',
  '人民路',
  '建设路',
  '白河',
  '朝阳',
  '文化',
  '中心街',
  '滨河',
  '新城',
  '花园',
  '解放路',
  '长青',
  '友谊',
  '兴业',
  '育才',
  '和平',
  '光明',
  '团结',
  '幸福',
  '公园',
  '振兴',
  '南关',
]

const pad = (n: number, width: number) => String(n).padStart(width, '0')

export interface DemoLogin extends Doc {
  name: string
  role: Role
  roleLabel: string
  unitName: string
  townshipName: string
  note: string
  order: number
}

export function generateDemoData(options: DemoOptions = {}): DemoData {
  const rand = prng(options.seed ?? 20230601)
  const residentRand = prng((options.seed ?? 20230601) ^ 0x2e51d)
  const multiplier = Math.max(1, Math.floor(options.villageMultiplier ?? 1))
  const villageIdWidth = multiplier > 1 ? 4 : 3
  const personIdWidth = multiplier > 1 || options.registeredResidents ? 7 : 6
  const scale = options.scale ?? 1
  const now = options.now ?? new Date('2025-12-31T16:00:00.000Z')
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = <T>(list: readonly T[] | string): T => list[Math.floor(rand() * list.length)] as T
  const chance = (p: number) => rand() < p
  const personName = () => pick<string>(SURNAMES) + pick<string>(GIVEN) + (chance(0.7) ? pick<string>(GIVEN) : '')
  const phone = () => `1${pick(['3', '5', '7', '8', '9'])}${pad(int(0, 999999999), 9)}`

  const out: DemoData = new Map()
  const put = (collection: string, doc: Doc) => {
    let list = out.get(collection)
    if (!list) out.set(collection, (list = []))
    list.push(doc)
  }

  put(C.counties, { _id: DEMO_COUNTY_ID, name: '新野县（演示）', settings: {}, updatedAt: now })

  const townshipCount = Math.min(options.townships ?? TOWNSHIPS.length, TOWNSHIPS.length)
  const totalVillages = VILLAGES_PER_TOWNSHIP.slice(0, townshipCount).reduce((a, b) => a + b, 0) * multiplier
  const stars: number[] = STAR_COUNTS.flatMap(([level, count]) => new Array<number>(count).fill(level))
  for (let i = stars.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[stars[i], stars[j]] = [stars[j]!, stars[i]!]
  }

  const usedNames = new Set<string>()
  const placeName = (community: boolean): string => {
    // ~1,400 plain village names: the 10× county runs out of them and takes 东/西/前/后… prefixes after 30 tries.
    for (let tries = 0; ; tries++) {
      const plain = community ? `${pick(COMMUNITY_NAMES)}社区` : `${pick<string>(PLACE_HEADS)}${pick(PLACE_TAILS)}村`
      const name = tries < 30 ? plain : `${pick<string>(NAME_PREFIXES)}${plain}`
      if (!usedNames.has(name)) {
        usedNames.add(name)
        return name
      }
    }
  }

  const demoLogins: DemoLogin[] = []
  const bindings = new Map<string, Doc>()
  let villageIndex = 0
  let personSeq = 0

  for (let ti = 0; ti < townshipCount; ti++) {
    const t = TOWNSHIPS[ti]!
    const townshipId = `t${pad(ti + 1, 2)}`
    put(C.townships, { _id: townshipId, countyId: DEMO_COUNTY_ID, name: t.name, kind: t.kind, order: ti + 1 })

    for (let vi = 0; vi < VILLAGES_PER_TOWNSHIP[ti]! * multiplier; vi++) {
      villageIndex++
      const villageId = `v${pad(villageIndex, villageIdWidth)}`
      const community = t.kind === '街道' && vi < 8
      const name = placeName(community)
      const householdTotal = Math.max(8, Math.round(int(180, 420) * scale))
      const gridTotal = Math.max(2, Math.ceil(householdTotal / 70))
      const people: Doc[] = []
      const newPerson = (fields: Partial<Doc> & { roles: Role[] }): Doc => {
        personSeq++
        const doc: Doc = {
          _id: `p${pad(personSeq, personIdWidth)}`,
          villageId,
          townshipId,
          name: personName(),
          phone: phone(),
          gender: chance(0.55) ? 'male' : 'female',
          idNumberMasked: `**************${pad(int(0, 9999), 4)}`,
          householdId: null,
          gridId: null,
          party: null,
          openid: null,
          boundAt: null,
          createdAt: now,
          updatedAt: now,
          ...fields,
        }
        people.push(doc)
        return doc
      }

      const grids: Doc[] = []
      for (let g = 0; g < gridTotal; g++) {
        grids.push({
          _id: `${villageId}-g${g + 1}`,
          villageId,
          townshipId,
          name: `第${'一二三四五六七八九十'[g] ?? g + 1}网格`,
          leaderPersonId: null,
          householdCount: 0,
        })
      }
      const households: Doc[] = []
      let adults = 0
      for (let h = 0; h < householdTotal; h++) {
        const grid = grids[h % gridTotal]!
        const memberCount = pick([1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6])
        const adultCount = Math.max(1, memberCount - int(0, Math.min(2, memberCount - 1)))
        adults += adultCount
        grid.householdCount = (grid.householdCount as number) + 1
        households.push({
          _id: `${villageId}-h${pad(h + 1, 4)}`,
          villageId,
          townshipId,
          gridId: grid._id,
          number: pad(h + 1, 4),
          headName: personName(),
          memberCount,
          adultCount,
          updatedAt: now,
        })
      }

      // Party members: about a quarter of households have one; a third of members work away.
      const memberTotal = Math.max(6, Math.round(householdTotal * (0.2 + 0.08 * rand())))
      const members: Doc[] = []
      for (let m = 0; m < memberTotal; m++) {
        const household = households[int(0, households.length - 1)]!
        const presence = chance(0.335) ? 'away' : chance(0.015) ? 'mobile' : 'home'
        const isHead = chance(0.5)
        const roles: Role[] = ['party_member', 'resident']
        if (isHead) roles.push('household_head')
        const doc = newPerson({
          roles,
          householdId: household._id,
          gridId: household.gridId as string,
          party: { standing: chance(0.04) ? 'probationary' : 'full', presence },
        })
        if (isHead) household.headName = doc.name
        members.push(doc)
      }
      const atHome = members.filter((p) => (p.party as { presence: string }).presence === 'home')
      const addRole = (p: Doc, role: Role) => {
        const roles = p.roles as Role[]
        if (!roles.includes(role)) roles.push(role)
      }
      // Cadres come from members at home: secretary, 2–4 branch committee members, village committee with
      // cross-appointments (交叉任职), one grid leader per grid.
      const secretary = atHome[0] ?? members[0]!
      addRole(secretary, 'branch_secretary')
      addRole(secretary, 'village_committee_member')
      const committee = atHome.slice(1, 1 + int(2, 4))
      committee.forEach((p) => addRole(p, 'branch_committee_member'))
      committee.slice(0, 2).forEach((p) => addRole(p, 'village_committee_member'))
      const gridLeaders = atHome.slice(5, 5 + gridTotal)
      grids.forEach((g, i) => {
        const leader = gridLeaders[i] ?? atHome[i % Math.max(1, atHome.length)] ?? secretary
        addRole(leader, 'grid_leader')
        g.leaderPersonId = leader._id
        leader.gridId = g._id
      })
      // Village committee members who are not Party members, representatives (about one per 12 households), residents.
      for (let k = 0; k < int(1, 2); k++)
        newPerson({
          roles: ['village_committee_member', 'resident'],
          householdId: households[k]!._id,
          gridId: households[k]!.gridId as string,
        })
      const representatives = Math.max(3, Math.round(householdTotal / 12))
      for (let k = 0; k < representatives; k++) {
        const household = households[int(0, households.length - 1)]!
        if (k % 3 === 0 && members[k + 8]) addRole(members[k + 8]!, 'villager_representative')
        else
          newPerson({
            roles: ['villager_representative', 'resident', 'household_head'],
            householdId: household._id,
            gridId: household.gridId as string,
          })
      }
      for (let k = 0; k < 4; k++) {
        const household = households[households.length - 1 - k]!
        const resident = newPerson({
          roles: ['resident', 'household_head'],
          householdId: household._id,
          gridId: household.gridId as string,
        })
        household.headName = resident.name
      }
      // Resident first secretaries and cadres sent by county departments (not members of this branch).
      if (chance(0.4) || villageIndex <= 2) newPerson({ roles: ['first_secretary'] })
      if (chance(0.3) || villageIndex <= 2) newPerson({ roles: ['resident_cadre'] })

      const away = members.filter((p) => (p.party as { presence: string }).presence === 'away').length
      const latitude = 32.52 + (rand() - 0.5) * 0.24
      const longitude = 112.36 + (rand() - 0.5) * 0.3
      put(C.villages, {
        _id: villageId,
        countyId: DEMO_COUNTY_ID,
        townshipId,
        name,
        kind: community ? 'community' : 'village',
        order: villageIndex,
        starLevel: stars[(villageIndex - 1) % stars.length] ?? 2,
        serviceCentre: {
          name: `${name}党群服务中心`,
          address: `${t.name}${name}${community ? '居委会' : '村委会'}院内`,
          phone: `0377-66${pad(int(0, 999999), 6)}`,
          latitude: Math.round(latitude * 1e6) / 1e6,
          longitude: Math.round(longitude * 1e6) / 1e6,
          radiusMetres: pick([150, 200, 200, 300]),
        },
        registeredAdults: adults,
        householdCount: householdTotal,
        partyMemberCount: members.length,
        partyMembersAway: away,
        gridCount: gridTotal,
        peopleCount: people.length,
        boundCount: 0,
        settingsOverrides: {},
        updatedAt: now,
      })
      for (const g of grids) put(C.grids, g)
      for (const h of households) put(C.households, h)
      for (const p of people) put(C.people, p)

      // Demo identities: every village role in the first two villages of the first two townships.
      if (vi < 2 && DEMO_TOWNSHIPS.includes(ti)) {
        const bind = (person: Doc, role: Role, note: string, suffix = role.replace(/_/g, '-')) => {
          const openid = `${DEMO_OPENID_PREFIX}${villageId}-${suffix}`
          person.openid = openid
          person.boundAt = now
          bindings.set(openid, {
            _id: openid,
            memberships: [{ villageId, townshipId, personId: person._id, name: person.name, roles: person.roles }],
            updatedAt: now,
          })
          demoLogins.push({
            _id: openid,
            name: person.name as string,
            role,
            roleLabel: ROLE_LABELS[role],
            unitName: name,
            townshipName: t.name,
            note,
            order: 0,
          })
        }
        const has = (p: Doc, role: Role) => (p.roles as Role[]).includes(role)
        const presence = (p: Doc) => (p.party as { presence: string } | null)?.presence
        const free = (p: Doc) => !p.openid
        bind(secretary, 'branch_secretary', '管理花名册、邀请码、本村设置')
        const candidates: [Role, string, string, (p: Doc) => boolean][] = [
          ['first_secretary', '驻村第一书记', 'first-secretary', (p) => has(p, 'first_secretary')],
          [
            'branch_committee_member',
            '支委委员：可维护花名册',
            'branch-committee-member',
            (p) => has(p, 'branch_committee_member'),
          ],
          [
            'grid_leader',
            '网格长：只看本网格的人和户',
            'grid-leader',
            (p) => has(p, 'grid_leader') && !has(p, 'branch_committee_member'),
          ],
          [
            'party_member',
            '在家党员',
            'party-member',
            (p) => (p.roles as Role[]).length <= 3 && presence(p) === 'home',
          ],
          [
            'party_member',
            '在外务工党员（线上参加）',
            'party-member-away',
            (p) => (p.roles as Role[]).length <= 3 && presence(p) === 'away',
          ],
          [
            'villager_representative',
            '村民代表',
            'villager-representative',
            (p) => (p.roles as Role[])[0] === 'villager_representative',
          ],
          [
            'resident',
            '普通村民：只看本人和本户',
            'resident',
            (p) => (p.roles as Role[]).join() === 'resident,household_head',
          ],
        ]
        for (const [role, note, suffix, test] of candidates) {
          const person = people.find((p) => free(p) && test(p))
          if (person) bind(person, role, note, suffix)
        }
      }
      if (options.registeredResidents) {
        const village = out.get(C.villages)!.at(-1)!
        const known = new Map<string, number>()
        for (const p of people)
          if (p.householdId) known.set(p.householdId as string, (known.get(p.householdId as string) ?? 0) + 1)
        const rname = () =>
          SURNAMES[Math.floor(residentRand() * SURNAMES.length)]! +
          GIVEN[Math.floor(residentRand() * GIVEN.length)]! +
          GIVEN[Math.floor(residentRand() * GIVEN.length)]!
        let added = 0
        for (const h of households) {
          for (let k = known.get(h._id) ?? 0; k < (h.adultCount as number); k++) {
            personSeq++
            const personId = `p${pad(personSeq, personIdWidth)}`
            const openid = `reg-${personId}`
            const name = rname()
            put(C.people, {
              _id: personId,
              villageId,
              townshipId,
              name,
              roles: ['resident'],
              householdId: h._id,
              gridId: h.gridId,
              party: null,
              openid,
              boundAt: now,
              createdAt: now,
              updatedAt: now,
            })
            put(C.bindings, {
              _id: openid,
              memberships: [{ villageId, townshipId, personId, name, roles: ['resident'] }],
              updatedAt: now,
            })
            added++
          }
        }
        village.peopleCount = (village.peopleCount as number) + added
        village.boundCount = (village.boundCount as number) + added
      }
    }

    // A township organiser for each of the first two townships.
    if (DEMO_TOWNSHIPS.includes(ti)) {
      const openid = `${DEMO_OPENID_PREFIX}${townshipId}-township-organiser`
      const name = personName()
      bindings.set(openid, {
        _id: openid,
        memberships: [{ townshipId, name, roles: ['township_organiser'] }],
        updatedAt: now,
      })
      demoLogins.push({
        _id: openid,
        name,
        role: 'township_organiser',
        roleLabel: ROLE_LABELS.township_organiser,
        unitName: t.name,
        townshipName: t.name,
        note: `只看${t.name}的村`,
        order: demoLogins.length,
      })
    }
  }

  const countyOpenid = `${DEMO_OPENID_PREFIX}county-organiser`
  const countyName = personName()
  bindings.set(countyOpenid, {
    _id: countyOpenid,
    memberships: [{ name: countyName, roles: ['county_organiser'] }],
    updatedAt: now,
  })
  demoLogins.unshift({
    _id: countyOpenid,
    name: countyName,
    role: 'county_organiser',
    roleLabel: ROLE_LABELS.county_organiser,
    unitName: '新野县（演示）',
    townshipName: '',
    note: '全县各乡镇、各村；县级规则设置',
    order: -1,
  })

  // Bound counts per village, from the demo bindings.
  const villages = out.get(C.villages) ?? []
  for (const binding of bindings.values()) {
    for (const m of binding.memberships as { villageId?: string }[]) {
      const v = villages.find((x) => x._id === m.villageId)
      if (v) v.boundCount = (v.boundCount as number) + 1
    }
  }
  for (const b of bindings.values()) put(C.bindings, b)
  demoLogins.forEach((d, i) => put(DEMO_LOGINS, { ...d, order: i }))
  if (totalVillages !== villages.length) throw new Error('demo village count mismatch')
  return out
}

/** Document counts per collection, for the report `db:reset` prints. */
export function summarise(data: DemoData): Record<string, number> {
  return Object.fromEntries([...data.entries()].map(([name, docs]) => [name, docs.length]))
}
