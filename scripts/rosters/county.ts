/**
 * A county's rosters as its villages would send them in: deterministic (one seed), the size of a real county —
 * 15 townships, 262 villages, ~19,000 Party members, ~79,000 households — in the templates' own headers
 * (common/rules/roster-import.ts), with valid ID numbers (checksums right, no two people alike): per village its
 * 党员花名册, 户籍（农户）花名册, 村民代表名册 (some household heads) and 网格与联户 (every household linked to a
 * member of its grid, the grid's first member its leader). Used by `npm run rosters:county` (writes the .xlsx
 * files), the county journey (test/e2e/county.e2e.ts) and the import benchmark (bench/import.ts).
 */
import { TEMPLATES, type ImportKind } from '../../common/rules/roster-import'
import { prng } from '../../local/seed/random'

export interface GeneratedVillage {
  township: string
  name: string
  grids: string[]
  /** Rows of each roster, header first. */
  rosters: Record<ImportKind, (string | number)[][]>
}

const TOWNSHIPS = [
  '城关镇',
  '王庄镇',
  '沙堰镇',
  '新甸铺镇',
  '施庵镇',
  '歪子镇',
  '五星镇',
  '溧河铺镇',
  '樊集乡',
  '前高庙乡',
  '上庄乡',
  '城郊乡',
  '上港乡',
  '汉华街道',
  '古城街道',
]
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰建国建华志强春梅海燕国庆红梅'
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/**
 * A valid 18-digit ID number: region code, birth date, sequence, check digit (GB 11643). The region's last two
 * digits follow the sequence's thousands, so the first 100,000 people of a county never share a number.
 */
export function idNumber(region: string, born: Date, sequence: number): string {
  const d = born.toISOString().slice(0, 10).replace(/-/g, '')
  const area = `${region.slice(0, 4)}${String(Math.floor(sequence / 1000) % 100).padStart(2, '0')}`
  const first17 = `${area}${d}${String(sequence % 1000).padStart(3, '0')}`
  return first17 + '10X98765432'[WEIGHTS.reduce((a, w, i) => a + w * Number(first17[i]), 0) % 11]!
}

export interface CountyFiles {
  villages: GeneratedVillage[]
  members: number
  households: number
}

/** `villages` (default 262) spread over `townships` (at most and by default 15); `seed` fixes every name and number. */
export function generateCountyRosters({
  villages = 262,
  townships = TOWNSHIPS.length,
  seed = 20261207,
  region = '411329',
} = {}): CountyFiles {
  const rand = prng(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = (s: string) => s[Math.floor(rand() * s.length)]!
  const name = () => pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '')
  const out: GeneratedVillage[] = []
  let sequence = 0
  let members = 0
  let households = 0
  const header = (kind: ImportKind) => TEMPLATES[kind].columns.map((c) => c.header)
  for (let v = 0; v < villages; v++) {
    const township = TOWNSHIPS[v % Math.max(1, Math.min(townships, TOWNSHIPS.length))]!
    const householdCount = int(210, 390)
    const memberCount = int(50, 95)
    const grids = Array.from({ length: Math.ceil(householdCount / 70) }, (_, g) => `第${g + 1}网格`)
    const person = () => {
      sequence++
      const born = new Date(Date.UTC(int(1940, 2004), int(0, 11), int(1, 28)))
      return {
        name: name(),
        id: idNumber(region, born, sequence),
        phone: `1${int(3, 9)}${String(int(0, 999999999)).padStart(9, '0')}`,
      }
    }
    const party: (string | number)[][] = [header('party')]
    for (let i = 0; i < memberCount; i++) {
      const p = person()
      const r = rand()
      party.push([
        p.name,
        p.id,
        p.phone,
        grids[i % grids.length]!,
        r < 0.04 ? '预备党员' : '正式党员',
        r < 0.25 ? '外出' : r < 0.28 ? '流动' : '在家',
        i === 0 ? '支部书记' : i < 4 ? '支委委员' : '',
      ])
    }
    const household: (string | number)[][] = [header('households')]
    for (let i = 0; i < householdCount; i++) {
      const p = person()
      const size = int(1, 7)
      household.push([
        String(i + 1).padStart(3, '0'),
        p.name,
        p.id,
        p.phone,
        grids[Math.floor(i / 70)]!,
        size,
        Math.max(1, size - int(0, 3)),
      ])
    }
    // 村民代表: every 15th household head; 网格与联户: each household linked to a member of its grid in turn.
    const representatives: (string | number)[][] = [header('representatives')]
    for (let i = 7; i < householdCount; i += 15) {
      const h = household[i + 1]!
      representatives.push([h[1]!, h[2]!, h[3]!, h[4]!, 15])
    }
    const gridMembers = grids.map((_g, g) => party.slice(1).filter((_r, i) => i % grids.length === g))
    const links: (string | number)[][] = [header('grids')]
    for (let i = 0; i < householdCount; i++) {
      const g = Math.floor(i / 70)
      const inGrid = gridMembers[g]!
      links.push([grids[g]!, i % 70 === 0 ? inGrid[0]![1]! : '', inGrid[i % inGrid.length]![1]!, household[i + 1]![0]!])
    }
    members += memberCount
    households += householdCount
    out.push({
      township,
      name: `${township.slice(0, 1)}${v + 1}村`,
      grids,
      rosters: { party, households: household, representatives, grids: links },
    })
  }
  return { villages: out, members, households }
}

/** The order a village's rosters are imported in: 网格与联户 links households to members, so it comes last. */
export const IMPORT_ORDER: readonly ImportKind[] = ['party', 'households', 'representatives', 'grids']

/** The file `npm run rosters:county` writes for a village's roster: <村>-<roster title>.xlsx. */
export const rosterFileName = (village: string, kind: ImportKind) => `${village}-${TEMPLATES[kind].title}.xlsx`
