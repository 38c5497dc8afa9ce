/**
 * `npm run rosters:county -- [--out DIR] [--villages N]`: writes a county's rosters as .xlsx files in the import
 * templates' headers — DIR/<乡镇>/<村>-党员花名册.xlsx and -户籍.xlsx, 262 villages by default (~19,000 members,
 * ~79,000 households) — and DIR/组织.json (townships, villages, their grids) for creating the organisation first.
 * Deterministic: the same arguments give the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { writeXlsx } from '../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../common/rules/roster-import'
import { generateCountyRosters } from './rosters/county'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const out = path.resolve(arg('--out') ?? 'county-rosters')
const county = generateCountyRosters({ villages: Number(arg('--villages') ?? 262) })
for (const v of county.villages) {
  const dir = path.join(out, v.township)
  mkdirSync(dir, { recursive: true })
  for (const kind of ['party', 'households'] as const)
    writeFileSync(
      path.join(dir, `${v.name}-${TEMPLATES[kind].title}.xlsx`),
      writeXlsx([{ name: TEMPLATES[kind].title, rows: v.rosters[kind] }]),
    )
}
writeFileSync(
  path.join(out, '组织.json'),
  `${JSON.stringify(
    county.villages.map((v) => ({ township: v.township, village: v.name, grids: v.grids })),
    null,
    1,
  )}\n`,
)
console.log(
  `wrote ${county.villages.length * 2} files in ${out}: ${county.villages.length} villages, ${county.members} Party members, ${county.households} households`,
)
