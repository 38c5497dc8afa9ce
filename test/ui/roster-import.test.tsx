import { act, fireEvent, render, screen } from '@testing-library/react'
import type { CallEvent } from '@common/contract'
import type { Envelope } from '@common/errors'
import Taro from '@tarojs/taro'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import ImportPage from '../../src/packages/roster/pages/import'
import { VILLAGE_KEY } from '../../src/state/village'
import { modalCalls, resetTaroMock, setModalAnswer } from '../mocks/taro'

// The file picker (wx.chooseMessageFile + cloud storage, or the browser's file input) is the platform's.
jest.mock('../../src/packages/roster/pages/import/file', () => ({
  pickWorkbook: async () => ({ name: '邱铺村党员.xlsx', file: { fileID: 'cloud://env/imports/v031/a.xlsx' } }),
  saveTemplate: async () => undefined,
}))

type Answer = Envelope<unknown> | ((data: Record<string, unknown>) => Envelope<unknown>)
function backend(answers: Record<string, Answer>) {
  const sent: { key: string; data: Record<string, unknown> }[] = []
  const transport: Transport = async (name: string, event: CallEvent) => {
    const key = `${name}.${event.action}`
    const data = event.data as Record<string, unknown>
    sent.push({ key, data })
    const answer = answers[key]
    if (!answer) return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${key}` } }
    return typeof answer === 'function' ? answer(data) : answer
  }
  return { transport, sent }
}

const STAGE = 'a1'.repeat(12)

const secretary = {
  'system.whoami': {
    ok: true,
    data: { bound: true, memberships: [{ villageId: 'v031', townshipId: 't03', roles: ['branch_secretary'] }] },
  },
  'account.myProfile': { ok: true, data: { memberships: [] } },
  'imports.preview': {
    ok: true,
    data: {
      total: 452,
      ready: 450,
      updates: 3,
      sheetProblems: [],
      rows: [
        { line: 3, name: '张三', problems: ['身份证号校验位不对，请核对'] },
        { line: 9, name: '李四', problems: ['本村没有「第9网格」这个网格', '手机号应为11位数字，以1开头'] },
      ],
      newGrids: [],
      stage: { stageId: STAGE, chunks: 3 },
    },
  },
} satisfies Record<string, Answer>

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('从 Excel 导入花名册', () => {
  it("shows every row's problems, confirms, imports in batches, and continues after an interruption", async () => {
    Taro.setStorageSync(VILLAGE_KEY, 'v031')
    let calls = 0
    const { transport, sent } = backend({
      ...secretary,
      'imports.commit': (data) => {
        calls++
        if (calls === 2) return { ok: false, error: { code: 'NETWORK', message: '网络不稳定，请检查网络后重试' } }
        return data.chunk === 0
          ? { ok: true, data: { created: 200, updated: 0, skipped: 1, nextChunk: 1, nextLine: 202, done: false } }
          : data.chunk === 1
            ? { ok: true, data: { created: 197, updated: 3, skipped: 0, nextChunk: 2, nextLine: 402, done: false } }
            : { ok: true, data: { created: 50, updated: 0, skipped: 1, done: true } }
      },
    })
    previous = setTransport(transport)
    render(<ImportPage />)
    fireEvent.click(await screen.findByText('党员花名册'))
    await act(async () => fireEvent.click(await screen.findByText('从微信聊天中选择 Excel 文件')))
    expect(
      await screen.findByText('共 452 行：450 行可以导入（其中 3 人已在花名册中，将更新），2 行有问题'),
    ).toBeTruthy()
    expect(screen.getByText('第 3 行 张三：身份证号校验位不对，请核对')).toBeTruthy()
    expect(screen.getByText('第 9 行 李四：本村没有「第9网格」这个网格；手机号应为11位数字，以1开头')).toBeTruthy()
    expect(sent.find((s) => s.key === 'imports.preview')!.data).toEqual({
      villageId: 'v031',
      kind: 'party',
      file: { fileID: 'cloud://env/imports/v031/a.xlsx' },
    })

    setModalAnswer(false)
    await act(async () => fireEvent.click(screen.getByText('导入 450 行')))
    expect(modalCalls.map((m) => m.title)).toEqual(['导入 450 行？']) // asks first
    expect(sent.some((s) => s.key === 'imports.commit')).toBe(false) // and a no changes nothing
    setModalAnswer(true)
    await act(async () => fireEvent.click(screen.getByText('导入 450 行')))
    expect(await screen.findByText('导入中断')).toBeTruthy()
    expect(screen.getByText('网络不稳定，请检查网络后重试')).toBeTruthy()
    expect(screen.getByText('已导入 200 人：新增 200 人，更新 0 人')).toBeTruthy()

    await act(async () => fireEvent.click(screen.getByText('从第 202 行继续导入')))
    expect(await screen.findByText('导入完成')).toBeTruthy()
    expect(screen.getByText('已导入 450 人：新增 447 人，更新 3 人')).toBeTruthy()
    expect(sent.filter((s) => s.key === 'imports.commit').map((s) => [s.data.stageId, s.data.chunk])).toEqual([
      [STAGE, 0],
      [STAGE, 1],
      [STAGE, 1],
      [STAGE, 2],
    ])
  })

  it('网格与联户: names the grids the import will create before importing', async () => {
    Taro.setStorageSync(VILLAGE_KEY, 'v031')
    const grids: Record<string, Answer> = {
      ...secretary,
      'imports.preview': {
        ok: true as const,
        data: { ...secretary['imports.preview'].data, rows: [], ready: 452, newGrids: ['第5网格', '第6网格'] },
      },
    }
    const { transport, sent } = backend(grids)
    previous = setTransport(transport)
    render(<ImportPage />)
    fireEvent.click(await screen.findByText('网格与联户'))
    await act(async () => fireEvent.click(screen.getByText('从微信聊天中选择 Excel 文件')))
    expect(await screen.findByText('将新建网格：第5网格、第6网格')).toBeTruthy()
    expect(sent.find((s) => s.key === 'imports.preview')!.data.kind).toBe('grids')
    expect(screen.getByText('导入 452 行')).toBeTruthy()
  })
})
