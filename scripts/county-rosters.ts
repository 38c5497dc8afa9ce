/**
 * `npm run rosters:county -- [--out DIR] [--villages N] [--townships N]`: writes a county's rosters as .xlsx files in
 * the import templates' headers — DIR/<乡镇>/<村>-党员花名册.xlsx, -户籍（农户）花名册.xlsx, -村民代表名册.xlsx and
 * -网格与联户.xlsx; 262 villages over 15 townships by default (~19,000 members, ~79,000 households) — and
 * DIR/组织.json (townships, villages, their grids) for creating the organisation first. Deterministic: the same
 * arguments give the same files. Import order in a village: 党员花名册, 户籍, 村民代表, 网格与联户 (the last links
 * households to members, so both must be on the roster).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { writeXlsx } from '../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../common/rules/roster-import'
import { generateCountyRosters, IMPORT_ORDER, rosterFileName } from './rosters/county'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const out = path.resolve(arg('--out') ?? 'county-rosters')
const county = generateCountyRosters({
  villages: Number(arg('--villages') ?? 262),
  townships: Number(arg('--townships') ?? 15),
})
for (const v of county.villages) {
  const dir = path.join(out, v.township)
  mkdirSync(dir, { recursive: true })
  for (const kind of IMPORT_ORDER)
    writeFileSync(
      path.join(dir, rosterFileName(v.name, kind)),
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
const townships = new Set(county.villages.map((v) => v.township)).size
console.log(
  `wrote ${county.villages.length * IMPORT_ORDER.length} files in ${out}: ${townships} townships, ${county.villages.length} villages, ` +
    `${county.members} Party members, ${county.households} households`,
)
