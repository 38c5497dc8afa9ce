/**
 * Rosters from Excel: the four templates a village fills in (Chinese headers, as cadres name the columns), how a
 * filled sheet is read back into rows whatever the column order, and every row's problems in Chinese — before
 * anything is written. Pure: the ID number's salted hash (the match key of a re-import: only the last 4 digits are
 * stored) is computed by the caller and passed in.
 */
import { idNumberChecksumOk } from './masking'

export type ImportKind = 'party' | 'households' | 'representatives' | 'grids'

export interface TemplateColumn {
  key: string
  header: string
  required: boolean
  example: string
  /** Said under the header in the template's note row. */
  note?: string
}

export interface Template {
  kind: ImportKind
  title: string
  columns: TemplateColumn[]
}

const col = (key: string, header: string, required: boolean, example: string, note?: string): TemplateColumn => ({
  key,
  header,
  required,
  example,
  note,
})

export const TEMPLATES: Record<ImportKind, Template> = {
  party: {
    kind: 'party',
    title: '党员花名册',
    columns: [
      col('name', '姓名', true, '张三'),
      col('idNumber', '身份证号', true, '411329198001011234', '18位，只保存后四位'),
      col('phone', '手机号', false, '13800000000'),
      col('grid', '所在网格', true, '第一网格', '与村里网格名称一致'),
      col('standing', '党员类别', true, '正式党员', '正式党员 / 预备党员'),
      col('presence', '在家情况', true, '在家', '在家 / 外出 / 流动'),
      col('post', '支部职务', false, '', '支部书记 / 支委委员，可空'),
    ],
  },
  households: {
    kind: 'households',
    title: '户籍（农户）花名册',
    columns: [
      col('number', '户号', true, '001'),
      col('name', '户主姓名', true, '李四'),
      col('idNumber', '户主身份证号', true, '411329197502021234'),
      col('phone', '手机号', false, '13900000000'),
      col('grid', '所在网格', true, '第一网格'),
      col('memberCount', '家庭人口', true, '4'),
      col('adultCount', '成年人数', true, '3'),
    ],
  },
  representatives: {
    kind: 'representatives',
    title: '村民代表名册',
    columns: [
      col('name', '姓名', true, '王五'),
      col('idNumber', '身份证号', true, '411329196803031234'),
      col('phone', '手机号', false, '13700000000'),
      col('grid', '所在网格', true, '第一网格'),
      col('households', '联系户数', false, '12'),
    ],
  },
  grids: {
    kind: 'grids',
    title: '网格与联户',
    columns: [
      col('grid', '网格名称', true, '第一网格', '没有的网格导入时新建'),
      col('leaderIdNumber', '网格长身份证号', false, '411329198001011234', '同一网格各行相同，可只填一行'),
      col('memberIdNumber', '联户党员身份证号', true, '411329198001011234', '本村党员'),
      col('household', '联系户号', true, '001', '本村已有的户号，一户一行'),
    ],
  },
}

export type Cell = string | number | boolean | Date | null | undefined

export interface ImportRow {
  /** The row's number as Excel shows it (header is row 1). */
  line: number
  values: Record<string, string>
}

export interface ReadSheet {
  rows: ImportRow[]
  /** Problems with the sheet itself (a missing column): nothing can be imported until they are fixed. */
  problems: string[]
}

const text = (c: Cell): string => {
  if (c === null || c === undefined) return ''
  if (c instanceof Date) return c.toISOString().slice(0, 10)
  // Excel turns a long digit string typed without a leading ' into a number; 18 digits lose precision.
  if (typeof c === 'number') return Number.isInteger(c) && Math.abs(c) < 1e21 ? c.toFixed(0) : String(c)
  return String(c).replace(/\s+/g, ' ').trim()
}

const normaliseHeader = (h: string) => h.replace(/[\s*＊（）()]/g, '')

/** The header row is the first row naming a required column; columns are matched by header, in any order. */
export function readSheet(kind: ImportKind, sheet: Cell[][]): ReadSheet {
  const template = TEMPLATES[kind]
  const headerIndex = sheet.findIndex((r) => r.some((c) => normaliseHeader(text(c)) === template.columns[0]!.header))
  if (headerIndex < 0)
    return { rows: [], problems: [`没有找到表头：第一行应为「${template.columns.map((c) => c.header).join('、')}」`] }
  const headers = sheet[headerIndex]!.map((c) => normaliseHeader(text(c)))
  const at = new Map<string, number>()
  const problems: string[] = []
  for (const c of template.columns) {
    const i = headers.indexOf(normaliseHeader(c.header))
    if (i >= 0) at.set(c.key, i)
    else if (c.required) problems.push(`缺少「${c.header}」列`)
  }
  const rows: ImportRow[] = []
  for (let r = headerIndex + 1; r < sheet.length; r++) {
    const raw = sheet[r]!
    const values: Record<string, string> = {}
    for (const [key, i] of at) values[key] = text(raw[i])
    // The template's example/note rows start with 例 or 说明; empty rows are skipped.
    if (Object.values(values).every((v) => v === '')) continue
    if (/^(例|说明|填表说明)/.test(values[template.columns[0]!.key] ?? '')) continue
    rows.push({ line: r + 1, values })
  }
  return { rows, problems }
}

export interface RowContext {
  /** The village's grid names. */
  gridNames: ReadonlySet<string>
  /** Salted hash of an ID number (the caller's; the number itself goes nowhere). */
  hashId: (idNumber: string) => string
  /** Party members of other branches by ID hash → that village's name (a member belongs to one branch). */
  otherBranches: ReadonlyMap<string, string>
  /** Household numbers of the village (for 网格与联户). */
  householdNumbers?: ReadonlySet<string>
  /** People of this village by ID hash (for 网格与联户: the linked member and the grid leader must be on its roster). */
  peopleHere?: ReadonlyMap<string, { name: string; partyMember: boolean }>
}

export interface CheckedRow extends ImportRow {
  idHash?: string
  /** 网格与联户: the grid leader's ID hash. */
  leaderHash?: string
  problems: string[]
}

export const MOBILE = /^1[3-9]\d{9}$/

function checkId(value: string | undefined, label: string, problems: string[], required: boolean): string | null {
  const id = (value ?? '').toUpperCase()
  if (!id) {
    if (required) problems.push(`缺少${label}`)
    return null
  }
  const before = problems.length
  // Typed without a leading ' Excel keeps an 18-digit number to 15 significant digits: 4113291980010112E+17, or
  // the last three digits turned to 000.
  if (/E\+?\d+$/.test(id)) problems.push(`${label}被 Excel 当成了数字：请把这一列设为文本后重填`)
  else if (id.length !== 18) problems.push(`${label}应为18位`)
  else if (!idNumberChecksumOk(id))
    problems.push(
      /000$/.test(id)
        ? `${label}末三位是 000，可能被 Excel 当成了数字：请把这一列设为文本后重填`
        : `${label}校验位不对，请核对`,
    )
  return problems.length > before ? null : id
}

/** Every row's problems; a row with none can be imported. Duplicates are judged within the file. */
export function checkRows(kind: ImportKind, rows: readonly ImportRow[], ctx: RowContext): CheckedRow[] {
  const seen = new Map<string, number>()
  const numbers = new Map<string, number>()
  const leaders = new Map<string, { hash: string; line: number }>()
  return rows.map((row) => {
    const v = row.values
    const problems: string[] = []
    const person = kind !== 'grids'
    if (person && !v.name) problems.push('缺少姓名')
    if (person && v.name && v.name.length > 20) problems.push('姓名超过20个字')
    const idKey = kind === 'grids' ? 'memberIdNumber' : 'idNumber'
    const idLabel = kind === 'households' ? '户主身份证号' : kind === 'grids' ? '联户党员身份证号' : '身份证号'
    const id = checkId(v[idKey], idLabel, problems, true)
    if (v.phone && !MOBILE.test(v.phone)) problems.push('手机号应为11位数字，以1开头')
    if (kind === 'grids') {
      // A grid the village does not have yet is created by the import (the roster defines the grids).
      if (!v.grid) problems.push('缺少网格名称')
    } else if (v.grid !== undefined) {
      if (!v.grid) problems.push('缺少所在网格')
      else if (!ctx.gridNames.has(v.grid)) problems.push(`本村没有「${v.grid}」这个网格`)
    }
    let idHash: string | undefined
    if (id) {
      idHash = ctx.hashId(id)
      // In 网格与联户 one member links many households: a household named twice is the duplicate (below).
      const first = kind === 'grids' ? undefined : seen.get(idHash)
      if (first !== undefined) problems.push(`与第 ${first} 行是同一人（身份证号相同）`)
      else if (kind !== 'grids') seen.set(idHash, row.line)
      const other = kind === 'party' ? ctx.otherBranches.get(idHash) : undefined
      if (other) problems.push(`已是${other}党支部的党员：一名党员只能在一个支部，请先转出`)
    }
    if (kind === 'party') {
      if (!['正式党员', '预备党员'].includes(v.standing ?? '')) problems.push('党员类别应为「正式党员」或「预备党员」')
      if (!['在家', '外出', '流动'].includes(v.presence ?? '')) problems.push('在家情况应为「在家」「外出」或「流动」')
      if (v.post && !['支部书记', '支委委员'].includes(v.post))
        problems.push('支部职务应为「支部书记」「支委委员」或空')
    }
    if (kind === 'households') {
      if (!v.number) problems.push('缺少户号')
      else if (numbers.has(v.number)) problems.push(`户号与第 ${numbers.get(v.number)} 行相同`)
      else numbers.set(v.number, row.line)
      const members = Number(v.memberCount)
      const adults = Number(v.adultCount)
      if (!Number.isInteger(members) || members < 1 || members > 30) problems.push('家庭人口应为 1 至 30 的整数')
      else if (!Number.isInteger(adults) || adults < 0 || adults > members)
        problems.push('成年人数应为不超过家庭人口的整数')
    }
    if (kind === 'representatives' && v.households && !/^\d{1,3}$/.test(v.households)) problems.push('联系户数应为整数')
    let leaderHash: string | undefined
    if (kind === 'grids') {
      if (id && ctx.peopleHere) {
        const member = ctx.peopleHere.get(idHash!)
        const other = ctx.otherBranches.get(idHash!)
        if (other) problems.push(`联户党员是${other}党支部的党员，不在本支部`)
        else if (!member) problems.push('联户党员不在本村花名册中：请先导入党员花名册')
        else if (!member.partyMember) problems.push(`${member.name}不是本支部党员，不能联户`)
      }
      const leaderId = v.leaderIdNumber ? checkId(v.leaderIdNumber, '网格长身份证号', problems, false) : null
      if (leaderId) {
        leaderHash = ctx.hashId(leaderId)
        if (ctx.peopleHere && !ctx.peopleHere.has(leaderHash)) problems.push('网格长不在本村花名册中')
        const before = v.grid ? leaders.get(v.grid) : undefined
        if (before && before.hash !== leaderHash)
          problems.push(`网格长与第 ${before.line} 行不同（一个网格一名网格长）`)
        else if (v.grid && !before) leaders.set(v.grid, { hash: leaderHash, line: row.line })
      }
      if (!v.household) problems.push('缺少联系户号')
      else if (ctx.householdNumbers && !ctx.householdNumbers.has(v.household))
        problems.push(`本村没有户号为「${v.household}」的户`)
      else if (numbers.has(v.household))
        problems.push(`户号「${v.household}」已在第 ${numbers.get(v.household)} 行联系：一户只由一名党员联系`)
      else numbers.set(v.household, row.line)
    }
    return { ...row, idHash, ...(leaderHash ? { leaderHash } : {}), problems }
  })
}
