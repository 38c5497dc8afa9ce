import { idNumberChecksumOk } from './masking'
import { checkRows, readSheet, TEMPLATES, type RowContext } from './roster-import'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
/** A valid 18-digit ID number from its first 17 digits. */
const idOf = (first17: string) => first17 + CHECK[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]!

const A = idOf('41132919800101123')
const B = idOf('41132919750202123')
const C = idOf('41132919680303123')

const ctx = (extra: Partial<RowContext> = {}): RowContext => ({
  gridNames: new Set(['第一网格', '第二网格']),
  hashId: (id) => `h:${id}`,
  otherBranches: new Map(),
  ...extra,
})

describe('reading a filled template', () => {
  it('has the four templates, every header in Chinese', () => {
    expect(Object.values(TEMPLATES).map((t) => t.title)).toEqual([
      '党员花名册',
      '户籍（农户）花名册',
      '村民代表名册',
      '网格与联户',
    ])
    for (const t of Object.values(TEMPLATES)) for (const c of t.columns) expect(c.header).toMatch(/^[\u4e00-\u9fa5]+$/)
  })

  it('finds the header below a title row, matches columns in any order, skips example and empty rows', () => {
    const sheet = [
      ['邱铺村党员花名册'],
      ['党员类别', '姓名', '身份证号', '所在网格', '在家情况', '手机号'],
      ['例：正式党员', '例：张三'],
      [],
      ['正式党员', ' 张 三 ', A, '第一网格', '在家', 13800000000],
    ]
    const read = readSheet('party', sheet)
    expect(read.problems).toEqual([])
    expect(read.rows).toEqual([
      {
        line: 5,
        values: {
          name: '张 三',
          idNumber: A,
          phone: '13800000000',
          grid: '第一网格',
          standing: '正式党员',
          presence: '在家',
        },
      },
    ])
  })

  it('says which required column is missing, and when there is no header at all', () => {
    expect(readSheet('party', [['姓名', '手机号']]).problems).toEqual([
      '缺少「身份证号」列',
      '缺少「所在网格」列',
      '缺少「党员类别」列',
      '缺少「在家情况」列',
    ])
    expect(readSheet('households', [['随便', '什么']]).problems[0]).toContain('没有找到表头')
  })
})

describe("every row's problems in Chinese", () => {
  const row = (line: number, values: Record<string, string>) => ({ line, values })
  const member = (id: string, extra: Record<string, string> = {}) => ({
    name: '张三',
    idNumber: id,
    phone: '13800000000',
    grid: '第一网格',
    standing: '正式党员',
    presence: '在家',
    ...extra,
  })

  it('passes a good row and hashes its ID number', () => {
    expect(idNumberChecksumOk(A)).toBe(true)
    const [checked] = checkRows('party', [row(2, member(A))], ctx())
    expect(checked).toMatchObject({ problems: [], idHash: `h:${A}` })
  })

  it('catches a wrong check digit, a mangled number, a bad phone, an unknown grid', () => {
    const wrong = A.slice(0, 17) + (A[17] === '0' ? '1' : '0')
    const rows = checkRows(
      'party',
      [
        row(2, member(wrong)),
        row(3, member('4.11329198001011E+17')),
        row(4, member('411329198001011000')),
        row(5, member(B, { phone: '1380000000' })),
        row(6, member(C, { grid: '第九网格' })),
      ],
      ctx(),
    )
    expect(rows.map((r) => r.problems)).toEqual([
      ['身份证号校验位不对，请核对'],
      ['身份证号被 Excel 当成了数字：请把这一列设为文本后重填'],
      ['身份证号末三位是 000，可能被 Excel 当成了数字：请把这一列设为文本后重填'],
      ['手机号应为11位数字，以1开头'],
      ['本村没有「第九网格」这个网格'],
    ])
  })

  it('catches the same person twice in the file and a member of another branch', () => {
    const rows = checkRows(
      'party',
      [row(2, member(A)), row(3, member(B)), row(4, member(A.toLowerCase()))],
      ctx({ otherBranches: new Map([[`h:${B}`, '石屯村']]) }),
    )
    expect(rows.map((r) => r.problems)).toEqual([
      [],
      ['已是石屯村党支部的党员：一名党员只能在一个支部，请先转出'],
      ['与第 2 行是同一人（身份证号相同）'],
    ])
  })

  it('checks the kinds of their own columns', () => {
    expect(
      checkRows('party', [row(2, member(A, { standing: '党员', presence: '在外', post: '主任' }))], ctx())[0]!.problems,
    ).toEqual([
      '党员类别应为「正式党员」或「预备党员」',
      '在家情况应为「在家」「外出」或「流动」',
      '支部职务应为「支部书记」「支委委员」或空',
    ])
    const household = { number: '001', name: '李四', idNumber: B, grid: '第一网格', memberCount: '3', adultCount: '4' }
    expect(checkRows('households', [row(2, household)], ctx())[0]!.problems).toEqual([
      '成年人数应为不超过家庭人口的整数',
    ])
    const twice = checkRows(
      'households',
      [row(2, { ...household, adultCount: '2' }), row(3, { ...household, idNumber: A, adultCount: '2' })],
      ctx(),
    )
    expect(twice.map((r) => r.problems)).toEqual([[], ['户号与第 2 行相同']])
    const link = { grid: '第一网格', memberIdNumber: A, household: '009' }
    expect(checkRows('grids', [row(2, link)], ctx({ householdNumbers: new Set(['001']) }))[0]!.problems).toEqual([
      '本村没有户号为「009」的户',
    ])
  })
})

describe('网格与联户 rows', () => {
  const row = (line: number, values: Record<string, string>) => ({ line, values })
  const here = new Map([
    [`h:${A}`, { name: '张三', partyMember: true }],
    [`h:${B}`, { name: '李四', partyMember: false }],
  ])
  const gctx = (extra: Partial<RowContext> = {}) =>
    ctx({ householdNumbers: new Set(['001', '002', '003', '004']), peopleHere: here, ...extra })

  it('takes a grid the village does not have (it is created) and a member linking several households', () => {
    const rows = checkRows(
      'grids',
      [
        row(2, { grid: '第九网格', leaderIdNumber: B, memberIdNumber: A, household: '001' }),
        row(3, { grid: '第九网格', leaderIdNumber: '', memberIdNumber: A, household: '002' }),
      ],
      gctx(),
    )
    expect(rows.map((r) => r.problems)).toEqual([[], []])
    expect(rows[0]!.leaderHash).toBe(`h:${B}`)
  })

  it('names every problem: unknown household, a member not in the branch, a household linked twice, two leaders', () => {
    const rows = checkRows(
      'grids',
      [
        row(2, { grid: '第一网格', leaderIdNumber: A, memberIdNumber: A, household: '001' }),
        row(3, { grid: '第一网格', leaderIdNumber: '', memberIdNumber: A, household: '009' }),
        row(4, { grid: '第一网格', leaderIdNumber: '', memberIdNumber: B, household: '002' }),
        row(5, { grid: '第一网格', leaderIdNumber: '', memberIdNumber: C, household: '003' }),
        row(6, { grid: '第二网格', leaderIdNumber: '', memberIdNumber: A, household: '001' }),
        row(7, { grid: '第一网格', leaderIdNumber: B, memberIdNumber: A, household: '' }),
        row(8, { grid: '', leaderIdNumber: '', memberIdNumber: A, household: '004' }),
      ],
      gctx({ otherBranches: new Map([[`h:${C}`, '东村']]) }),
    )
    expect(rows.map((r) => r.problems)).toEqual([
      [],
      ['本村没有户号为「009」的户'],
      ['李四不是本支部党员，不能联户'],
      ['联户党员是东村党支部的党员，不在本支部'],
      ['户号「001」已在第 2 行联系：一户只由一名党员联系'],
      ['网格长与第 2 行不同（一个网格一名网格长）', '缺少联系户号'],
      ['缺少网格名称'],
    ])
  })

  it('says a member or a leader missing from the village roster', () => {
    const rows = checkRows(
      'grids',
      [row(2, { grid: '第一网格', leaderIdNumber: C, memberIdNumber: C, household: '001' })],
      gctx({ peopleHere: new Map() }),
    )
    expect(rows[0]!.problems).toEqual(['联户党员不在本村花名册中：请先导入党员花名册', '网格长不在本村花名册中'])
  })
})
