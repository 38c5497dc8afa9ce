import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startLocalServer } from '../../local/server'
import { C } from '../../cloudfunctions/_lib/collections'

/** A built function folder as DevTools deploys it: index.js + config.json with a timer trigger every second. */
function functionsWithTimer(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xz-timer-fns-'))
  mkdirSync(path.join(dir, 'ticker'))
  writeFileSync(
    path.join(dir, 'ticker', 'index.js'),
    `const cloud = require(${JSON.stringify(require.resolve('wx-server-sdk'))})
exports.main = async (event) => {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  const { OPENID } = cloud.getWXContext()
  await cloud.database().collection('audit').add({ data: { timer: event, openid: OPENID } })
  return { ok: true, data: {} }
}`,
  )
  writeFileSync(
    path.join(dir, 'ticker', 'config.json'),
    JSON.stringify({ triggers: [{ name: 'tick', type: 'timer', config: '* * * * * * *' }] }),
  )
  return dir
}

describe('npm start runs the functions’ timer triggers against the local cloud', () => {
  it('invokes a timer function with the CloudBase timer event and no user; without `timers` nothing runs', async () => {
    const functionsDir = functionsWithTimer()
    const h5Dir = mkdtempSync(path.join(tmpdir(), 'xz-h5-'))
    const quiet = await startLocalServer({ port: 0, h5Dir, functionsDir })
    expect(quiet.timers).toEqual([])
    await quiet.close()
    const server = await startLocalServer({ port: 0, h5Dir, functionsDir, timers: true })
    try {
      expect(server.timers).toEqual(['ticker/tick (* * * * * * *)'])
      await new Promise((r) => setTimeout(r, 2600))
      const fired = [...server.cloud.engine.collection(C.audit).docs.values()] as unknown as {
        timer: { Type: string; TriggerName: string; Time: string }
        openid: string
      }[]
      expect(fired.length).toBeGreaterThanOrEqual(2)
      expect(fired[0]!.timer).toMatchObject({ Type: 'Timer', TriggerName: 'tick', Message: '' })
      expect(Date.parse(fired[0]!.timer.Time) % 1000).toBe(0)
      expect(fired[0]!.openid).toBe('')
    } finally {
      await server.close()
    }
  })
})
