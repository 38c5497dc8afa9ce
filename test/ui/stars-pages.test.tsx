import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { defaultTemplate } from '@common/rules/stars-template'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import SupplyPage from '../../src/packages/stars/pages/supply'
import TemplatePage from '../../src/packages/stars/pages/template'
import TownshipPage from '../../src/packages/stars/pages/township'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setPageParams } from '../mocks/taro'

const YEAR = new Date().getFullYear()
const template = (over: Record<string, unknown> = {}): Envelope<unknown> => ({
  ok: true,
  data: { template: { ...defaultTemplate(YEAR), ...over }, locked: false },
})
const supply = (over: Record<string, unknown> = {}) => ({
  id: 'sp1',
  name: '高标准农田建设项目',
  department: '县农业农村局',
  kind: 'project',
  amountYuan: 1200000,
  conditions: '连片 500 亩以上',
  star: 'industry',
  taskKeys: ['i3'],
  open: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
})
const sentOf = (sent: { key: string; data: any }[], key: string) => sent.filter((s) => s.key === key).map((s) => s.data) // eslint-disable-line @typescript-eslint/no-explicit-any

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('供给清单 (county)', () => {
  it('publishes a supply with its department, amount, conditions and star-task tags', async () => {
    const { transport, sent } = backend({
      'stars.listSupply': { ok: true, data: { supplies: [] } },
      'stars.template': template(),
      'stars.villageNeeds': { ok: true, data: { needs: [] } },
      'stars.publishSupply': (e) => ({ ok: true, data: supply({ id: 'sp2', ...(e.data as Record<string, unknown>) }) }),
    })
    previous = setTransport(transport)
    setPageParams({ county: '1' })
    render(<SupplyPage />)
    fireEvent.change(await screen.findByLabelText('名称'), { target: { value: '农村户厕改造补助' } })
    fireEvent.change(screen.getByLabelText('部门'), { target: { value: '县农业农村局' } })
    fireEvent.click(screen.getByText('资金'))
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '1000' } })
    fireEvent.change(screen.getByLabelText('条件'), { target: { value: '每户 1,000 元' } })
    fireEvent.click(await screen.findByText('户厕改造'))
    fireEvent.click(screen.getByText('生活污水治理'))
    await act(async () => fireEvent.click(screen.getByText('发布')))
    expect(sentOf(sent, 'stars.publishSupply')).toEqual([
      {
        name: '农村户厕改造补助',
        department: '县农业农村局',
        kind: 'fund',
        amountYuan: 1000,
        conditions: '每户 1,000 元',
        star: 'ecology',
        taskKeys: ['e2', 'e4'],
      },
    ])
    expect(await screen.findByText('已发布')).toBeTruthy()
  })

  it('edits a supply (form filled from it) and withdraws another; a bad amount is refused before sending', async () => {
    const { transport, sent } = backend({
      'stars.listSupply': {
        ok: true,
        data: {
          supplies: [
            supply(),
            supply({
              id: 'sp3',
              name: '法律顾问进村',
              department: '县司法局',
              kind: 'service',
              amountYuan: null,
              conditions: '',
              star: 'safety',
              taskKeys: [],
            }),
          ],
        },
      },
      'stars.template': template(),
      'stars.villageNeeds': { ok: true, data: { needs: [] } },
      'stars.updateSupply': (e) => ({ ok: true, data: supply(e.data as Record<string, unknown>) }),
      'stars.closeSupply': { ok: true, data: { closed: true } },
    })
    previous = setTransport(transport)
    setPageParams({ county: '1' })
    render(<SupplyPage />)
    expect(await screen.findByText('对应任务：产业兴旺星 · 土地流转或托管服务')).toBeTruthy()
    fireEvent.click(screen.getByText('修改：高标准农田建设项目'))
    expect((screen.getByLabelText('名称') as HTMLInputElement).value).toBe('高标准农田建设项目')
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '一百万' } })
    await act(async () => fireEvent.click(screen.getByText('保存修改')))
    expect(screen.getByText('金额请填整数（元），没有金额就空着')).toBeTruthy()
    expect(sentOf(sent, 'stars.updateSupply')).toEqual([])
    fireEvent.change(screen.getByLabelText('金额'), { target: { value: '1500000' } })
    await act(async () => fireEvent.click(screen.getByText('保存修改')))
    expect(sentOf(sent, 'stars.updateSupply')).toEqual([
      {
        supplyId: 'sp1',
        name: '高标准农田建设项目',
        department: '县农业农村局',
        kind: 'project',
        amountYuan: 1500000,
        conditions: '连片 500 亩以上',
        star: 'industry',
        taskKeys: ['i3'],
      },
    ])
    await act(async () => fireEvent.click(screen.getByText('撤回：法律顾问进村')))
    expect(sentOf(sent, 'stars.closeSupply')).toEqual([{ supplyId: 'sp3' }])
  })
})

describe('需求清单 (village)', () => {
  it('picks the star, then the task, and sends that task key; without a task it asks for one', async () => {
    const { transport, sent } = backend({
      'stars.listSupply': { ok: true, data: { supplies: [] } },
      'stars.template': template(),
      'stars.villageNeeds': { ok: true, data: { needs: [] } },
      'stars.postNeed': { ok: true, data: {} },
    })
    previous = setTransport(transport)
    setPageParams({ villageId: 'v025' })
    render(<SupplyPage />)
    fireEvent.change(await screen.findByLabelText('需求'), { target: { value: '修排水沟' } })
    await act(async () => fireEvent.click(screen.getByText('提交需求')))
    expect(screen.getByText('请先选择对应的任务')).toBeTruthy()
    expect(screen.queryByLabelText('哪项任务')).toBeNull()
    const stars = defaultTemplate(YEAR).stars
    fireEvent.change(await screen.findByLabelText('哪颗星'), {
      target: { value: String(stars.findIndex((s) => s.key === 'ecology')) },
    })
    const ecology = stars.find((s) => s.key === 'ecology')!
    const options = [...(screen.getByLabelText('哪项任务') as HTMLSelectElement).options].map((o) => o.textContent)
    expect(options).toEqual(ecology.tasks.map((t) => t.name))
    fireEvent.change(screen.getByLabelText('哪项任务'), {
      target: { value: String(ecology.tasks.findIndex((t) => t.key === 'e4')) },
    })
    expect(screen.getByText('生活污水治理', { selector: 'div' })).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('提交需求')))
    expect(sentOf(sent, 'stars.postNeed')).toEqual([
      { villageId: 'v025', taskKey: 'e4', title: '修排水沟', detail: '' },
    ])
  })
})

const COUNTY_WHO: Envelope<unknown> = {
  ok: true,
  data: { bound: true, memberships: [{ roles: ['county_organiser'] }] },
}
const TOWNSHIP_WHO: Envelope<unknown> = {
  ok: true,
  data: { bound: true, memberships: [{ townshipId: 't03', name: '苏勇敏', roles: ['township_organiser'] }] },
}

describe('任务模板 (county)', () => {
  it('is labelled 示例模板 until changed, and saves edited targets, pass shares and level targets', async () => {
    const { transport, sent } = backend({
      'system.whoami': COUNTY_WHO,
      'stars.template': template(),
      'stars.saveTemplate': { ok: true, data: { year: YEAR, saved: true } },
    })
    previous = setTransport(transport)
    render(<TemplatePage />)
    expect(await screen.findByText(/^示例模板：示例模板，可由县里修改/)).toBeTruthy()
    expect((screen.getByLabelText('支委会每月召开目标') as HTMLInputElement).value).toBe('80')
    fireEvent.change(screen.getByLabelText('支委会每月召开目标'), { target: { value: '100' } })
    fireEvent.change(screen.getByLabelText('支部过硬星达标比例'), { target: { value: '85' } })
    fireEvent.change(screen.getByLabelText('5星目标村数'), { target: { value: '9' } })
    fireEvent.change(screen.getByLabelText('户厕改造目标'), { target: { value: '改厕户数、验收单' } })
    await act(async () => fireEvent.click(await screen.findByText(`保存 ${YEAR} 年模板`)))
    // Nothing is sent before the county confirms the listed changes.
    expect(screen.getByText('· 支部过硬星达标比例 70% → 85%')).toBeTruthy()
    expect(screen.getByText('· 5星目标 7 → 9 个村')).toBeTruthy()
    expect(sentOf(sent, 'stars.saveTemplate')).toEqual([])
    await act(async () => fireEvent.click(screen.getByText('确认保存')))
    const [saved] = sentOf(sent, 'stars.saveTemplate').map((d) => d.template)
    const expected = defaultTemplate(YEAR)
    const branch = expected.stars[0]!
    branch.passShare = 0.85
    branch.tasks[0]!.measure = { ...branch.tasks[0]!.measure, target: 1 } as (typeof branch.tasks)[0]['measure']
    expected.stars[2]!.tasks[1]!.measure = { kind: 'reported', target: '改厕户数、验收单' }
    expected.targets[5] = 9
    expect(saved).toEqual(expected)
    expect(await screen.findByText(`${YEAR} 年模板已保存`)).toBeTruthy()
  })

  it('refuses a share over 100% before sending, and shows the lock once a level is confirmed', async () => {
    const { transport, sent } = backend({ 'system.whoami': COUNTY_WHO, 'stars.template': template() })
    previous = setTransport(transport)
    const { unmount } = render(<TemplatePage />)
    fireEvent.change(await screen.findByLabelText('群众诉求按时办结目标'), { target: { value: '120' } })
    await act(async () => fireEvent.click(await screen.findByText(`保存 ${YEAR} 年模板`)))
    expect(screen.getByText('「群众诉求按时办结」的目标应填 0 到 100 之间的数')).toBeTruthy()
    expect(sentOf(sent, 'stars.saveTemplate')).toEqual([])
    unmount()
    const locked = backend({
      'system.whoami': COUNTY_WHO,
      'stars.template': {
        ok: true,
        data: { template: { ...defaultTemplate(YEAR), isExample: false, label: `${YEAR}年县定模板` }, locked: true },
      },
    })
    setTransport(locked.transport)
    render(<TemplatePage />)
    expect(await screen.findByText('这一年已有村的星级经县里确认，模板不能再改')).toBeTruthy()
    expect(screen.getByText(`${YEAR}年县定模板`)).toBeTruthy()
    expect(screen.queryByText(`保存 ${YEAR} 年模板`)).toBeNull()
    expect((screen.getByLabelText('支委会每月召开目标') as HTMLInputElement).disabled).toBe(true)
  })

  it('edits task names, which star is a prerequisite and the negative list, and saves them after confirming', async () => {
    const { transport, sent } = backend({
      'system.whoami': COUNTY_WHO,
      'stars.template': template(),
      'stars.saveTemplate': { ok: true, data: { year: YEAR, saved: true } },
    })
    previous = setTransport(transport)
    render(<TemplatePage />)
    fireEvent.change(await screen.findByLabelText('任务 b1 名称'), { target: { value: '支委会每月至少召开一次' } })
    // 产业兴旺星 no longer needs 支部过硬星, but needs 生态宜居星.
    fireEvent.click(screen.getByLabelText('产业兴旺星的前提：支部过硬星'))
    fireEvent.click(screen.getByLabelText('产业兴旺星的前提：生态宜居星'))
    // The negative list: reword item 2, make item 5 veto only 支部过硬星, drop item 4, add one.
    fireEvent.change(screen.getByLabelText('负面清单第 2 项'), { target: { value: '发生较大安全生产事故' } })
    fireEvent.click(screen.getByLabelText('第 5 项否决：全部星级'))
    fireEvent.click(screen.getByLabelText('第 5 项否决：支部过硬星'))
    fireEvent.click(screen.getByText('删除第 4 项'))
    fireEvent.click(screen.getByText('添加一项'))
    fireEvent.change(screen.getByLabelText('负面清单第 5 项'), { target: { value: '村干部违规插手工程' } })
    // An item that vetoes nothing is refused before anything is sent.
    await act(async () => fireEvent.click(screen.getByText(`保存 ${YEAR} 年模板`)))
    expect(screen.getByText('负面清单每一项都要写明事项（至少两个字），并选择否决哪颗星')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('第 5 项否决：生态宜居星'))
    await act(async () => fireEvent.click(screen.getByText(`保存 ${YEAR} 年模板`)))
    expect(screen.getByText('· 任务「支委会每月召开」改名为「支委会每月至少召开一次」')).toBeTruthy()
    expect(screen.getByText('· 产业兴旺星的前提 支部过硬星 → 生态宜居星')).toBeTruthy()
    expect(screen.getByText('· 负面清单（5 项 → 5 项）')).toBeTruthy()
    // 再改改 goes back without sending; confirming sends.
    fireEvent.click(screen.getByText('再改改'))
    expect(sentOf(sent, 'stars.saveTemplate')).toEqual([])
    await act(async () => fireEvent.click(screen.getByText(`保存 ${YEAR} 年模板`)))
    await act(async () => fireEvent.click(screen.getByText('确认保存')))
    const [saved] = sentOf(sent, 'stars.saveTemplate').map((d) => d.template)
    const expected = defaultTemplate(YEAR)
    expected.stars[0]!.tasks[0]!.name = '支委会每月至少召开一次'
    expected.stars[1]!.prerequisites = ['ecology']
    expected.negativeList = [
      expected.negativeList[0]!,
      { ...expected.negativeList[1]!, text: '发生较大安全生产事故' },
      expected.negativeList[2]!,
      { ...expected.negativeList[4]!, vetoes: ['branch'] },
      { key: 'n6', text: '村干部违规插手工程', vetoes: ['ecology'] },
    ]
    expect(saved).toEqual(expected)
  })

  it('hands a township its own targets (the others keep their share by villages), after confirming', async () => {
    const { transport, sent } = backend({
      'system.whoami': COUNTY_WHO,
      'stars.template': template(),
      'org.listTownships': {
        ok: true,
        data: {
          county: { id: 'xinye', name: '新野县' },
          townships: [
            {
              id: 't03',
              name: '城郊乡',
              villageCount: 18,
              householdCount: 0,
              partyMemberCount: 0,
              partyMembersAway: 0,
            },
            {
              id: 't04',
              name: '沙堰镇',
              villageCount: 244,
              householdCount: 0,
              partyMemberCount: 0,
              partyMembersAway: 0,
            },
          ],
        },
      },
      'stars.saveTemplate': { ok: true, data: { year: YEAR, saved: true } },
    })
    previous = setTransport(transport)
    render(<TemplatePage />)
    // The share by villages is shown for each township: 18 of 262 villages.
    expect(await screen.findByText('城郊乡（18 个村）按村数折算：5星 0 · 4星 2 · 3星 7 · 2星 8')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('城郊乡5星目标'), { target: { value: '1' } })
    await act(async () => fireEvent.click(screen.getByText(`保存 ${YEAR} 年模板`)))
    expect(screen.getByText('乡镇目标的4星应填 0 到 36 之间的整数（不下达就四项都空着）')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('城郊乡4星目标'), { target: { value: '3' } })
    fireEvent.change(screen.getByLabelText('城郊乡3星目标'), { target: { value: '6' } })
    fireEvent.change(screen.getByLabelText('城郊乡2星目标'), { target: { value: '8' } })
    await act(async () => fireEvent.click(screen.getByText(`保存 ${YEAR} 年模板`)))
    expect(screen.getByText('· 各乡镇目标（县里下达的乡镇 1 个，其余按村数折算）')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('确认保存')))
    const [saved] = sentOf(sent, 'stars.saveTemplate').map((d) => d.template)
    expect(saved.townshipTargets).toEqual({ t03: { 5: 1, 4: 3, 3: 6, 2: 8 } })
  })

  it('is read-only for a township organiser: no inputs to change, no save', async () => {
    const { transport } = backend({ 'system.whoami': TOWNSHIP_WHO, 'stars.template': template() })
    previous = setTransport(transport)
    render(<TemplatePage />)
    expect(((await screen.findByLabelText('任务 b1 名称')) as HTMLInputElement).disabled).toBe(true)
    expect(screen.queryByText(`保存 ${YEAR} 年模板`)).toBeNull()
    expect(screen.queryByText('添加一项')).toBeNull()
  })
})

describe('乡镇看板 (township)', () => {
  const MONTH = `${YEAR}-11`
  const dashboard = {
    month: MONTH,
    year: YEAR,
    templateLabel: '示例模板，可由县里修改（不是官方文件原文）',
    refreshedAt: `${YEAR}-11-18T02:00:00.000Z`,
    levels: [
      { level: 5, count: 0, target: 1, gap: 1 },
      { level: 4, count: 2, target: 3, gap: 1 },
      { level: 3, count: 5, target: 7, gap: 2 },
      { level: 2, count: 8, target: 8, gap: 0 },
    ],
    targetsNote: '县里未单独下达，按本乡镇村数占全县的比例折算',
    unrated: 3,
    stars: [{ key: 'branch', name: '支部过硬星', earned: 12, villages: 18 }],
    trend: [
      { month: `${YEAR}-10`, completion: 0.5, requestsClosedInVillage: 6, requestsEscalated: 2, requestsClosed: 7 },
      { month: MONTH, completion: 0.62, requestsClosedInVillage: 3, requestsEscalated: 1, requestsClosed: 4 },
    ],
    requests: { closedInVillage: 3, escalated: 1, closed: 4, received: 0 },
    villages: [{ villageId: 'v025', name: '邱铺村', townshipId: 't03', level: 3, confirmed: false, assessment: null }],
    comparison: [
      {
        villageId: 'v025',
        name: '邱铺村',
        townshipName: '城郊乡',
        rank: 1,
        tasksMet: 20,
        taskCount: 29,
        completion: 20 / 29,
        requestsClosed: 1,
        requestsReceived: 0,
        closeRate: null,
        requestsClosedInVillage: 1,
        meetingsHeld: 2,
        mattersCompleted: 0,
        level: 3,
        behind: false,
      },
    ],
    behindTwoMonths: [],
    townshipName: '城郊乡',
    pending: [],
  }

  it('shows the township’s own targets and where they come from, labels what each chart counts, and no n/0', async () => {
    const { transport } = backend({
      'system.whoami': TOWNSHIP_WHO,
      'stars.townshipDashboard': { ok: true, data: dashboard },
    })
    previous = setTransport(transport)
    setPageParams({ townshipId: 't03' })
    render(<TownshipPage />)
    expect(await screen.findByText('4星：2 / 目标 3')).toBeTruthy()
    expect(
      screen.getByText('目标：县里未单独下达，按本乡镇村数占全县的比例折算；柱长为已达到的村数占目标的比例'),
    ).toBeTruthy()
    // The bars count requests, and the label says so; completion rates are listed apart, labelled as such.
    expect(screen.getByText('各月诉求件数（柱高为在村办结与上交乡镇、县的件数之和）')).toBeTruthy()
    expect(screen.getByLabelText('10月：在村办结 6 件，上交 2 件')).toBeTruthy()
    expect(screen.getByText('10月 8 件 · 11月 4 件')).toBeTruthy()
    expect(screen.getByText('各月创建任务平均完成率：10月 50% · 11月 62%')).toBeTruthy()
    // A village that closed one request received last month: counts, never "办结 1/0".
    expect(screen.getByText(/^任务 20\/29 · 诉求受理 0 件 · 办结 1 件 · /)).toBeTruthy()
    expect(document.body.textContent).not.toMatch(/\d+\/0\b/)
    expect(screen.queryByText(/完成率\d+%$/)).toBeNull()
    // The level as 本乡镇的村 words it: measured unless the county confirmed it.
    expect(screen.getByLabelText('邱铺村：3星（测算）')).toBeTruthy()
  })

  it('a township organiser exports the township’s villages; the call names the township', async () => {
    const { transport, sent } = backend({
      'system.whoami': TOWNSHIP_WHO,
      'stars.townshipDashboard': { ok: true, data: dashboard },
      'stars.exportTownship': {
        ok: true,
        data: { name: `五星支部-城郊乡-${MONTH}-月达标排序.xlsx`, fileId: 'f1', size: 10, url: 'data:,x' },
      },
    })
    previous = setTransport(transport)
    setPageParams({ townshipId: 't03' })
    render(<TownshipPage />)
    const button = await screen.findByText('导出本乡镇 Excel')
    // The download itself: the H5 path (an <a download>), as in the browser.
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'h5'
    try {
      await act(async () => fireEvent.click(button))
      expect(sentOf(sent, 'stars.exportTownship')).toEqual([{ townshipId: 't03' }])
      expect(await screen.findByText(`已导出 五星支部-城郊乡-${MONTH}-月达标排序.xlsx`)).toBeTruthy()
    } finally {
      process.env.TARO_ENV = env
    }
  })
})
