import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { defaultTemplate } from '@common/rules/stars-template'
import Taro from '@tarojs/taro'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import StarsVillagePage from '../../src/packages/stars/pages/index'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { modalCalls, resetTaroMock, setModalAnswer, setPageParams } from '../mocks/taro'

const YEAR = new Date().getFullYear()
const sentOf = (sent: { key: string; data: any }[], key: string) => sent.filter((s) => s.key === key).map((s) => s.data) // eslint-disable-line @typescript-eslint/no-explicit-any

const reportedTask = (over: Record<string, unknown> = {}) => ({
  key: 'e2',
  name: '户厕改造',
  star: 'ecology',
  kind: 'reported',
  met: true,
  value: null,
  target: '改厕户数、验收单',
  note: '已填报',
  report: {
    done: true,
    text: '完成 120 户改厕',
    photos: ['f1', 'f2'],
    review: null,
    reviewComment: '',
    updatedAt: '2026-11-10T02:00:00.000Z',
  },
  ...over,
})
const board = (over: Record<string, unknown> = {}): Envelope<unknown> => ({
  ok: true,
  data: {
    villageName: '王庄村',
    kind: 'village',
    year: YEAR,
    month: `${YEAR}-11`,
    templateLabel: '示例模板，可由县里修改',
    level: 3,
    confirmedLevel: null,
    lastYearLevel: 2,
    tasksMet: 20,
    taskCount: 29,
    stars: [
      {
        key: 'ecology',
        name: '生态宜居星',
        tasksMet: 1,
        tasks: 1,
        reached: true,
        missingPrerequisites: [],
        vetoedBy: [],
        earned: true,
      },
    ],
    tasks: [reportedTask()],
    vetoes: [],
    assessments: [],
    ...over,
  },
})
const who = (memberships: unknown[]): Envelope<unknown> => ({ ok: true, data: { bound: true, memberships } })
const TOWNSHIP = who([{ townshipId: 't03', name: '苏勇敏', roles: ['township_organiser'] }])
const COUNTY = who([{ roles: ['county_organiser'] }])
const SECRETARY = who([{ villageId: 'v1', townshipId: 't03', name: '王书记', roles: ['branch_secretary'] }])
const PHOTO = 'data:image/jpeg;base64,/9j/AAAA'

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('村的创建任务: photos in a report (stars.reportPhoto)', () => {
  it('shows a report photo when tapped, loaded for this village', async () => {
    const { transport, sent } = backend({
      'system.whoami': TOWNSHIP,
      'stars.villageBoard': board(),
      'stars.template': { ok: true, data: { template: defaultTemplate(YEAR), locked: false } },
      'stars.reportPhoto': { ok: true, data: { dataUrl: PHOTO } },
    })
    previous = setTransport(transport)
    setPageParams({ villageId: 'v1' })
    render(<StarsVillagePage />)
    const second = await screen.findByText('看照片 2')
    await act(async () => fireEvent.click(second))
    expect(sentOf(sent, 'stars.reportPhoto')).toEqual([{ villageId: 'v1', fileId: 'f2' }])
    expect(screen.getByLabelText('填报照片').getAttribute('src')).toBe(PHOTO)
  })

  it('attaches a chosen photo to a village report', async () => {
    const taro = Taro as unknown as Record<string, unknown>
    const saved = { choose: taro.chooseImage, fs: taro.getFileSystemManager }
    taro.chooseImage = () => Promise.resolve({ tempFilePaths: ['wxfile://tmp/a.jpg'] })
    taro.getFileSystemManager = () => ({ readFileSync: () => '/9j/AAAA' })
    try {
      const { transport, sent } = backend({
        'system.whoami': SECRETARY,
        'stars.villageBoard': board({ tasks: [reportedTask({ report: null, met: false, note: '未填报' })] }),
        'stars.reportTask': { ok: true, data: { taskKey: 'e2', done: true, photos: 1 } },
      })
      previous = setTransport(transport)
      render(<StarsVillagePage />)
      expect(await screen.findByText('户厕改造', { exact: false })).toBeTruthy()
      fireEvent.click(screen.getByText('填报'))
      fireEvent.input(screen.getByPlaceholderText('写明完成情况（填一次，各次自评共用）'), {
        target: { value: '完成 120 户改厕' },
      })
      await act(async () => fireEvent.click(screen.getByText('加照片')))
      expect(screen.getByText('已选 1 张照片（最多 3 张）')).toBeTruthy()
      await act(async () => fireEvent.click(screen.getByText('已完成')))
      expect(sentOf(sent, 'stars.reportTask')).toEqual([
        { villageId: 'v1', taskKey: 'e2', done: true, text: '完成 120 户改厕', photos: [PHOTO] },
      ])
      // The village does not get the township's or county's buttons.
      expect(screen.queryByText('记录负面清单')).toBeNull()
      expect(screen.queryByText(/^确认\d星$/)).toBeNull()
    } finally {
      taro.chooseImage = saved.choose
      taro.getFileSystemManager = saved.fs
    }
  })
})

describe('村的创建任务: 负面清单 by the township (stars.recordVeto)', () => {
  it('asks first, naming the star it vetoes, then records the item with its reason', async () => {
    const { transport, sent } = backend({
      'system.whoami': TOWNSHIP,
      'stars.villageBoard': board(),
      'stars.template': { ok: true, data: { template: defaultTemplate(YEAR), locked: false } },
      'stars.recordVeto': { ok: true, data: { id: 'sv1', level: 2 } },
    })
    previous = setTransport(transport)
    setPageParams({ villageId: 'v1' })
    render(<StarsVillagePage />)
    fireEvent.click(await screen.findByText('发生重大环境污染或违法占地'))
    fireEvent.input(screen.getByLabelText('负面清单事由'), { target: { value: '10月在河道倾倒垃圾' } })
    setModalAnswer(false)
    await act(async () => fireEvent.click(screen.getByText('记录负面清单')))
    expect(modalCalls).toHaveLength(1)
    expect(modalCalls[0]!.content).toContain('否决生态宜居星')
    expect(sentOf(sent, 'stars.recordVeto')).toEqual([])
    setModalAnswer(true)
    await act(async () => fireEvent.click(screen.getByText('记录负面清单')))
    expect(sentOf(sent, 'stars.recordVeto')).toEqual([
      { villageId: 'v1', year: YEAR, item: 'n4', note: '10月在河道倾倒垃圾' },
    ])
    expect(await screen.findByText('已记录，本村现测算为2星')).toBeTruthy()
    // Confirming a level is the county's, not the township's.
    expect(screen.queryByText(/^确认\d星$/)).toBeNull()
  })
})

describe('村的创建任务: the county confirms the level (stars.confirmLevel)', () => {
  it('offers levels up to the measured one and confirms after asking', async () => {
    const { transport, sent } = backend({
      'system.whoami': COUNTY,
      'stars.villageBoard': board(),
      'stars.template': { ok: true, data: { template: defaultTemplate(YEAR), locked: false } },
      'stars.confirmLevel': { ok: true, data: { level: 3 } },
    })
    previous = setTransport(transport)
    setPageParams({ villageId: 'v1' })
    render(<StarsVillagePage />)
    expect(await screen.findByText('确认3星')).toBeTruthy()
    expect(screen.queryByText('确认4星')).toBeNull()
    expect(screen.getByText('确认未达二星')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('确认3星')))
    expect(modalCalls.map((m) => m.title)).toEqual(['确认为3星？'])
    expect(sentOf(sent, 'stars.confirmLevel')).toEqual([{ villageId: 'v1', year: YEAR, level: 3 }])
    expect(await screen.findByText(`已确认 ${YEAR} 年星级：3星`)).toBeTruthy()
  })
})
