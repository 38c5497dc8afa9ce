/**
 * 规则设置 is generic over common/rules/settings.ts: every setting appears with its bounds in words; a village
 * secretary may change only the ones marked local, the county all it can type; a refusal is said in the server's words.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { DEFAULT_SETTINGS, SETTING_DEFS } from '../../common/rules/settings'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import SettingsPage from '../../src/packages/org/pages/settings'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setPageParams } from '../mocks/taro'

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

const local = SETTING_DEFS.filter((d) => d.local)

it('a village secretary sees every setting and may change only the local ones', async () => {
  const { transport } = backend({
    'system.whoami': {
      ok: true,
      data: { bound: true, memberships: [{ villageId: 'v1', townshipId: 't1', roles: ['branch_secretary'] }] },
    },
    'org.getSettings': {
      ok: true,
      data: { effective: DEFAULT_SETTINGS, county: {}, overrides: { meetingNoticeDays: 2 } },
    },
  })
  previous = setTransport(transport)
  setPageParams({ villageId: 'v1' })
  render(<SettingsPage />)
  expect(await screen.findByText('本村规则设置')).toBeTruthy()
  for (const d of SETTING_DEFS) expect(screen.getByText(d.label)).toBeTruthy()
  expect(screen.getAllByText('修改')).toHaveLength(local.length)
  expect(screen.getAllByText('恢复县里的设置')).toHaveLength(1)
  expect(screen.getAllByText('设为 0 天即不必提前，送达当天就可以召开、表决').length).toBeGreaterThan(0)
})

it('the county changes a value; a refusal is shown in the server’s words', async () => {
  const { transport } = backend({
    'system.whoami': { ok: true, data: { bound: true, memberships: [{ roles: ['county_organiser'] }] } },
    'org.getCountySettings': { ok: true, data: { effective: DEFAULT_SETTINGS, county: {} } },
    'org.updateCountySettings': {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '「村民会议提前通知」不能低于法定标准 10天（…）' },
    },
  })
  previous = setTransport(transport)
  setPageParams({ level: 'county' })
  render(<SettingsPage />)
  expect(await screen.findByText('全县规则设置')).toBeTruthy()
  const editable = SETTING_DEFS.filter((d) => ['int', 'fraction', 'intList'].includes(d.kind))
  expect(screen.getAllByText('修改')).toHaveLength(editable.length)
  const index = editable.findIndex((d) => d.key === 'villagersMeetingNoticeDays')
  fireEvent.click(screen.getAllByText('修改')[index]!)
  fireEvent.click(screen.getByText('保存'))
  expect(await screen.findByText(/不能低于法定标准 10天/)).toBeTruthy()
})
