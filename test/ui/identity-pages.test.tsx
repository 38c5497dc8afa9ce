import { act, fireEvent, render, screen } from '@testing-library/react'
import type { CallEvent } from '@common/contract'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import MePage from '../../src/pages/me'
import RosterPage from '../../src/packages/roster/pages/index'
import DemoLoginPage from '../../src/packages/demo/pages/login'
import Taro from '@tarojs/taro'
import { LARGE_TEXT_KEY } from '../../src/state/prefs'
import { VILLAGE_KEY } from '../../src/state/village'
import { DEMO_OPENID_KEY } from '../../src/api/transport'
import { resetTaroMock } from '../mocks/taro'

type Answer = Envelope<unknown> | ((data: Record<string, unknown>) => Envelope<unknown>)

/** Answers by `<function>.<action>`, recording every call. */
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

const unbound: Envelope<unknown> = { ok: true, data: { bound: false, memberships: [] } }
const unauth: Envelope<unknown> = {
  ok: false,
  error: { code: 'UNAUTHENTICATED', message: '请先绑定身份后再使用此功能' },
}
/** As org.publicVillages answers: townships only, and a township's villages when it is asked for. */
const villages = (data: Record<string, unknown>): Envelope<unknown> => ({
  ok: true,
  data: {
    townships: [
      {
        id: 't03',
        name: '城郊乡',
        villages: data.townshipId === 't03' ? [{ id: 'v031', name: '王庄村', kind: 'village' }] : [],
      },
    ],
  },
})
const board: Envelope<unknown> = {
  ok: true,
  data: {
    id: 'v031',
    name: '王庄村',
    kind: 'village',
    townshipName: '城郊乡',
    serviceCentre: { name: '王庄村党群服务中心', address: '村委会院内', phone: '0377-6600001' },
  },
}

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('我的', () => {
  it('lets an unbound user choose a village (remembered) and bind with an invitation code', async () => {
    let bound = false
    const { transport, sent } = backend({
      'system.whoami': () =>
        bound
          ? { ok: true, data: { bound: true, memberships: [{ villageId: 'v031', roles: ['resident'] }] } }
          : unbound,
      'account.myProfile': () =>
        bound
          ? {
              ok: true,
              data: {
                memberships: [
                  {
                    level: 'village',
                    unitId: 'v031',
                    unitName: '王庄村',
                    townshipName: '城郊乡',
                    name: '李新',
                    roles: ['resident'],
                    household: { number: '0012', headName: '李新', memberCount: 4, adultCount: 3 },
                  },
                ],
              },
            }
          : unauth,
      'org.publicVillages': villages,
      'org.villageBoard': board,
      'account.redeemInvitation': (data) => {
        if (data.code !== 'ABCDE-FGHJK')
          return { ok: false, error: { code: 'NOT_FOUND', message: '邀请码不正确，请核对后再输入（还可再试 4 次）' } }
        bound = true
        return { ok: true, data: { villageId: 'v031', villageName: '王庄村', personName: '李新', roles: ['resident'] } }
      },
    })
    previous = setTransport(transport)
    render(<MePage />)
    fireEvent.click(await screen.findByText('城郊乡'))
    fireEvent.click(await screen.findByText('王庄村'))
    expect(await screen.findByText('王庄村党群服务中心')).toBeTruthy()
    expect(Taro.getStorageSync(VILLAGE_KEY)).toBe('v031')

    const input = screen.getByLabelText('邀请码')
    fireEvent.change(input, { target: { value: 'ABCDE-FGHJX' } })
    await act(async () => fireEvent.click(screen.getByText('绑定')))
    expect(await screen.findByText('邀请码不正确，请核对后再输入（还可再试 4 次）')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'ABCDE-FGHJK' } })
    await act(async () => fireEvent.click(screen.getByText('绑定')))
    expect(await screen.findByText('绑定成功：王庄村 李新（村民）')).toBeTruthy()
    expect(await screen.findByText('我家：0012 号，户主 李新，4 口人（成年 3 人）')).toBeTruthy()
    expect(sent.filter((s) => s.key === 'account.redeemInvitation').map((s) => s.data.code)).toEqual([
      'ABCDE-FGHJX',
      'ABCDE-FGHJK',
    ])
  })

  it('shows roles, switches between villages, and offers the roster only where the person is a cadre', async () => {
    const { transport } = backend({
      'system.whoami': {
        ok: true,
        data: {
          bound: true,
          memberships: [
            { villageId: 'v001', townshipId: 't01', roles: ['first_secretary'] },
            { villageId: 'v002', townshipId: 't01', roles: ['party_member'] },
          ],
        },
      },
      'account.myProfile': {
        ok: true,
        data: {
          memberships: [
            { level: 'village', unitId: 'v001', unitName: '甲村', name: '张三', roles: ['first_secretary'] },
            { level: 'village', unitId: 'v002', unitName: '乙村', name: '张三', roles: ['party_member'] },
          ],
        },
      },
    })
    previous = setTransport(transport)
    render(<MePage />)
    expect(await screen.findByText('驻村第一书记')).toBeTruthy()
    expect(screen.getByText('花名册管理（人员、户、网格、邀请码）')).toBeTruthy()
    fireEvent.click(screen.getByText('乙村 · 党员'))
    expect(await screen.findByText('党员')).toBeTruthy()
    expect(screen.queryByText('花名册管理（人员、户、网格、邀请码）')).toBeNull()
    expect(Taro.getStorageSync(VILLAGE_KEY)).toBe('v002')
  })

  it('remembers large-text mode on the device and applies it to the page', async () => {
    previous = setTransport(
      backend({ 'system.whoami': unbound, 'account.myProfile': unauth, 'org.publicVillages': villages }).transport,
    )
    const { container } = render(<MePage />)
    expect(container.firstElementChild!.className).toBe('page')
    fireEvent.click(screen.getByText('大字模式'))
    expect(Taro.getStorageSync(LARGE_TEXT_KEY)).toBe('1')
    expect(container.firstElementChild!.className).toBe('page xz-large')
    expect(screen.getByText('已开启')).toBeTruthy()
    await screen.findByText('城郊乡')
  })
})

describe('花名册', () => {
  it('searches people and shows a one-time invitation code for the chosen person', async () => {
    const { transport, sent } = backend({
      'system.whoami': {
        ok: true,
        data: { bound: true, memberships: [{ villageId: 'v031', townshipId: 't03', roles: ['branch_secretary'] }] },
      },
      'account.myProfile': { ok: true, data: { memberships: [] } },
      'roster.listPeople': (data) => ({
        ok: true,
        data: {
          people:
            data.query === '李'
              ? [{ id: 'p1', name: '李新', phoneMasked: '138****5678', roles: ['resident'], bound: false }]
              : [
                  { id: 'p1', name: '李新', phoneMasked: '138****5678', roles: ['resident'], bound: false },
                  { id: 'p2', name: '王五', phoneMasked: '', roles: ['party_member'], bound: true },
                ],
          total: data.query === '李' ? 1 : 2,
        },
      }),
      'roster.createInvitation': {
        ok: true,
        data: { invitationId: 'i1', code: 'ABCDEFGHJK', display: 'ABCDE-FGHJK', expiresAt: '2026-03-09T02:00:00.000Z' },
      },
    })
    previous = setTransport(transport)
    render(<RosterPage />)
    expect(await screen.findByText('共 2 人')).toBeTruthy()
    // The bound person: re-binding someone else's WeChat is the township's (or the person's) to do.
    expect(screen.queryByText('更换微信')).toBeNull()
    fireEvent.change(screen.getByLabelText('查找'), { target: { value: '李' } })
    fireEvent.click(screen.getByText('查找'))
    expect(await screen.findByText('共 1 人')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('邀请绑定')))
    expect(await screen.findByText('ABCDE-FGHJK')).toBeTruthy()
    expect(sent.at(-1)).toEqual({
      key: 'roster.createInvitation',
      data: { villageId: 'v031', personId: 'p1', rebind: false },
    })
  })

  it('adds a person once however often 保存 is tapped, with one request id', async () => {
    const events: CallEvent[] = []
    const { transport } = backend({
      'system.whoami': {
        ok: true,
        data: { bound: true, memberships: [{ villageId: 'v031', townshipId: 't03', roles: ['branch_secretary'] }] },
      },
      'account.myProfile': { ok: true, data: { memberships: [] } },
      'roster.listPeople': { ok: true, data: { people: [], total: 0 } },
      'roster.savePerson': { ok: true, data: { personId: 'p9' } },
    })
    previous = setTransport(async (name, event) => {
      events.push(event)
      return transport(name, event)
    })
    render(<RosterPage />)
    fireEvent.click(await screen.findByText('新增人员'))
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '赵六' } })
    const save = screen.getByText('保存')
    await act(async () => {
      for (let i = 0; i < 5; i++) fireEvent.click(save)
    })
    expect(await screen.findByText('已添加：赵六')).toBeTruthy()
    const saves = events.filter((e) => e.action === 'savePerson')
    expect(saves).toHaveLength(1)
    expect(saves[0]!.requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('shows a county organiser the roster to read and 更换微信, without adding people', async () => {
    Taro.setStorageSync(VILLAGE_KEY, 'v031')
    previous = setTransport(
      backend({
        'system.whoami': { ok: true, data: { bound: true, memberships: [{ roles: ['county_organiser'] }] } },
        'account.myProfile': { ok: true, data: { memberships: [] } },
        'roster.listPeople': {
          ok: true,
          data: {
            people: [{ id: 'p1', name: '李新', phoneMasked: '138****5678', roles: ['resident'], bound: true }],
            total: 1,
          },
        },
      }).transport,
    )
    render(<RosterPage />)
    expect(await screen.findByText('李新')).toBeTruthy()
    expect(screen.getByText('查找')).toBeTruthy()
    expect(screen.queryByText('新增人员')).toBeNull()
    // Re-binding someone else's WeChat is the township's or the county's to do.
    expect(screen.getByText('更换微信')).toBeTruthy()
  })

  it('shows a refusal from the server in Chinese', async () => {
    Taro.setStorageSync(VILLAGE_KEY, 'v099')
    previous = setTransport(
      backend({ 'roster.listPeople': { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } } })
        .transport,
    )
    render(<RosterPage />)
    expect(await screen.findByText('您没有权限进行此操作')).toBeTruthy()
  })
})

describe('演示登录 (local H5 only)', () => {
  const realFetch = global.fetch
  afterEach(() => {
    global.fetch = realFetch
  })

  it('lists demo people by role and remembers the chosen identity for the H5 transport', async () => {
    global.fetch = jest.fn(async () => ({
      json: async () => ({
        ok: true,
        data: {
          logins: [
            {
              openid: 'demo-v031-branch-secretary',
              name: '于杰',
              role: 'branch_secretary',
              roleLabel: '支部书记',
              unitName: '王庄村',
              townshipName: '城郊乡',
              note: '管理花名册',
            },
            {
              openid: 'demo-t03-township-organiser',
              name: '林青',
              role: 'township_organiser',
              roleLabel: '乡镇组织委员',
              unitName: '城郊乡',
              townshipName: '城郊乡',
              note: '只看城郊乡的村',
            },
          ],
        },
      }),
    })) as unknown as typeof fetch
    previous = setTransport(backend({}).transport)
    render(<DemoLoginPage />)
    expect(await screen.findByText('支部书记')).toBeTruthy()
    expect(screen.getByText('乡镇组织委员')).toBeTruthy()
    fireEvent.click(screen.getByText('于杰 · 城郊乡 王庄村'))
    expect(Taro.getStorageSync(DEMO_OPENID_KEY)).toBe('demo-v031-branch-secretary')
  })
})
