import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setupCodeMatches } from '../../common/rules/setup-code'
import { ensureLocalIdSalt, ensureLocalSetupCode } from '../../local/setup'

describe('npm start on a deployment being set up', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xz-local-setup-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps the ID-hash salt across restarts in the data directory, and an explicit one wins', () => {
    const first: NodeJS.ProcessEnv = {}
    ensureLocalIdSalt(dir, first)
    expect(Buffer.from(first.XZ_ID_SALT!, 'base64')).toHaveLength(32)
    const restarted: NodeJS.ProcessEnv = {}
    ensureLocalIdSalt(dir, restarted)
    expect(restarted.XZ_ID_SALT).toBe(first.XZ_ID_SALT)
    expect(JSON.parse(readFileSync(path.join(dir, 'local-secrets.json'), 'utf8'))).toEqual({
      XZ_ID_SALT: first.XZ_ID_SALT,
    })
    const given: NodeJS.ProcessEnv = { XZ_ID_SALT: 'given' }
    ensureLocalIdSalt(dir, given)
    expect(given.XZ_ID_SALT).toBe('given')
  })

  it('makes a setup code once and keeps one the deployer set', () => {
    const env: NodeJS.ProcessEnv = {}
    const code = ensureLocalSetupCode(env)
    expect(setupCodeMatches(code, env.XZ_SETUP_CODE!)).toBe(true)
    expect(ensureLocalSetupCode(env)).toBe(code)
    expect(ensureLocalSetupCode({ XZ_SETUP_CODE: 'ABCD-EFGH' })).toBe('ABCD-EFGH')
  })
})
