/**
 * A village's roster as an Excel workbook, with the import templates' headers so that a cadre can correct it and
 * import it again (the ID number column then needs the full numbers: only the last four digits are stored).
 * Personal fields are shown as common/rules/personal-data.ts allows the caller's roles (PERSONAL_EXPORTS): a
 * column the caller may not see is left out, a masked one is masked.
 */
import type { ImportKind } from '../../../common/rules/roster-import'
import { TEMPLATES } from '../../../common/rules/roster-import'
import { PERSONAL_EXPORTS, reveal, visibilityOf, type PersonalFieldKey } from '../../../common/rules/personal-data'
import { C } from '../../_lib/collections'
import { getAllById, getVillage, type GridDoc, type HouseholdDoc, type PersonDoc } from '../../_lib/records'
import type { HandlerContext } from '../../_lib/runtime'
import { writeXlsx, type Cell } from '../../_lib/xlsx'
import type { LinkageDoc } from '../../grid/store'

const STANDING: Record<string, string> = { full: '正式党员', probationary: '预备党员' }
const PRESENCE: Record<string, string> = { home: '在家', away: '外出', mobile: '流动' }

type Column<T> = { header: string; value: (row: T) => Cell; field?: PersonalFieldKey }

export async function exportRoster(ctx: HandlerContext, villageId: string, kind: ImportKind) {
  const { db, touch } = ctx
  const village = await getVillage(db, villageId)
  const roles = ctx.granted.flatMap((m) => m.roles)
  const grids = await getAllById<GridDoc>(db, C.grids, { villageId }, 5000)
  const gridName = new Map(grids.map((g) => [g._id, g.name]))
  const people = await getAllById<PersonDoc>(db, C.people, { villageId }, 100_000, {
    name: true,
    phone: true,
    idNumberMasked: true,
    gridId: true,
    householdId: true,
    roles: true,
    party: true,
  })
  const person = new Map(people.map((p) => [p._id, p]))
  const grid = (id: string | null | undefined) => (id ? (gridName.get(id) ?? '') : '')
  const idTail = (p: PersonDoc | undefined) => p?.idNumberMasked ?? ''

  const t = TEMPLATES[kind]
  touch({ collection: C.villages, id: villageId })
  // Each personal column as the caller's roles may see it: left out, masked or in full (PERSONAL_EXPORTS).
  const build = <T>(rows: T[], columns: Column<T>[]) => {
    const shown = columns.map((c) => {
      if (!c.field) return 'full' as const
      if (!PERSONAL_EXPORTS.some((e) => e.kind === kind && e.column === c.header && e.field === c.field))
        throw new Error(`export column ${kind}/${c.header} is not in PERSONAL_EXPORTS`)
      return visibilityOf(c.field, roles)
    })
    const kept = columns.filter((_, i) => shown[i] !== 'none')
    const cells: Cell[][] = [
      kept.map((c) => c.header),
      ...rows.map((r) =>
        columns.flatMap((c, i) => {
          if (shown[i] === 'none') return []
          const v = c.value(r)
          return [c.field && typeof v === 'string' ? (reveal(c.field, v, shown[i]!) ?? '') : v]
        }),
      ),
    ]
    return {
      fileName: `${village.name}${t.title}.xlsx`,
      base64: writeXlsx([{ name: t.title, rows: cells }]).toString('base64'),
      rows: rows.length,
    }
  }

  if (kind === 'party' || kind === 'representatives') {
    const role = kind === 'party' ? 'party_member' : 'villager_representative'
    const rows = people.filter((p) => p.roles.includes(role)).sort(byName)
    const common: Column<PersonDoc>[] = [
      { header: '姓名', value: (p) => p.name },
      { header: '身份证号（后四位）', value: idTail, field: 'idTail' },
      { header: '手机号', value: (p) => p.phone, field: 'personPhone' },
      { header: '所在网格', value: (p) => grid(p.gridId) },
    ]
    return build(
      rows,
      kind === 'party'
        ? [
            ...common,
            { header: '党员类别', value: (p) => STANDING[p.party?.standing ?? ''] ?? '' },
            { header: '在家情况', value: (p) => PRESENCE[p.party?.presence ?? ''] ?? '' },
            {
              header: '支部职务',
              value: (p) =>
                p.roles.includes('branch_secretary')
                  ? '支部书记'
                  : p.roles.includes('branch_committee_member')
                    ? '支委委员'
                    : '',
            },
          ]
        : common,
    )
  } else if (kind === 'households') {
    const households = await getAllById<HouseholdDoc>(db, C.households, { villageId }, 100_000)
    const heads = new Map(
      people.filter((p) => p.householdId && p.roles.includes('household_head')).map((p) => [p.householdId!, p]),
    )
    return build(
      households.sort((a, b) => a.number.localeCompare(b.number, 'zh-CN', { numeric: true })),
      [
        { header: '户号', value: (h) => h.number, field: 'householdAddress' },
        { header: '户主姓名', value: (h) => h.headName, field: 'householdAddress' },
        { header: '户主身份证号（后四位）', value: (h) => idTail(heads.get(h._id)), field: 'idTail' },
        { header: '手机号', value: (h) => heads.get(h._id)?.phone ?? '', field: 'personPhone' },
        { header: '所在网格', value: (h) => grid(h.gridId) },
        { header: '家庭人口', value: (h) => h.memberCount, field: 'householdSituation' },
        { header: '成年人数', value: (h) => h.adultCount, field: 'householdSituation' },
      ],
    )
  } else {
    const links = await getAllById<LinkageDoc>(db, C.linkages, { villageId, active: true }, 100_000)
    const households = await getAllById<Pick<HouseholdDoc, '_id' | 'number' | 'headName'>>(
      db,
      C.households,
      { villageId },
      100_000,
      { number: true, headName: true },
    )
    const number = new Map(households.map((h) => [h._id, h]))
    const order = new Map(grids.map((g, i) => [g._id, i]))
    type Line = { gridId: string; link?: LinkageDoc }
    const lines: Line[] = [
      ...links.map((l) => ({ gridId: l.gridId ?? '', link: l })),
      // A grid without any link still has its line (its name and leader).
      ...grids.filter((g) => !links.some((l) => l.gridId === g._id)).map((g): Line => ({ gridId: g._id })),
    ].sort(
      (a, b) =>
        (order.get(a.gridId) ?? 1e9) - (order.get(b.gridId) ?? 1e9) ||
        (a.link?.memberName ?? '').localeCompare(b.link?.memberName ?? '', 'zh-CN') ||
        (number.get(a.link?.householdId ?? '')?.number ?? '').localeCompare(
          number.get(b.link?.householdId ?? '')?.number ?? '',
          'zh-CN',
          { numeric: true },
        ),
    )
    const leaderOf = (gridId: string) => person.get(grids.find((g) => g._id === gridId)?.leaderPersonId ?? '')
    return build(lines, [
      { header: '网格名称', value: (l) => grid(l.gridId) },
      { header: '网格长', value: (l) => leaderOf(l.gridId)?.name ?? '' },
      { header: '网格长身份证号（后四位）', value: (l) => idTail(leaderOf(l.gridId)), field: 'idTail' },
      { header: '联户党员', value: (l) => l.link?.memberName ?? '' },
      {
        header: '联户党员身份证号（后四位）',
        value: (l) => idTail(person.get(l.link?.memberPersonId ?? '')),
        field: 'idTail',
      },
      {
        header: '联系户号',
        value: (l) => number.get(l.link?.householdId ?? '')?.number ?? '',
        field: 'householdAddress',
      },
      {
        header: '户主姓名',
        value: (l) => number.get(l.link?.householdId ?? '')?.headName ?? '',
        field: 'householdAddress',
      },
    ])
  }
}

const byName = (a: PersonDoc, b: PersonDoc) => a.name.localeCompare(b.name, 'zh-CN')
