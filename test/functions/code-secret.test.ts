/**
 * The key that signs rotating codes (duty check-in, meeting sign-in) comes from configuration (XZ_CODE_SECRET),
 * rotates without refusing a code already on a screen, and a forged or foreign-key signature is refused.
 * Through the real wx-server-sdk against the local cloud (the local fallback stores a key in `secrets`).
 */
import { createHmac, randomBytes } from 'node:crypto'
import { codeFor, digitsFromMac, signedMessage, windowOf, type CodeSubject } from '../../common/rules/rotating-code'
import type { LocalCloud } from '../../local/cloud'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

type Lib = typeof import('../../cloudfunctions/_lib/rotating-code')
type Db = (typeof import('../../cloudfunctions/_lib/cloud'))['db']

let cloud: LocalCloud
let lib: Lib
let db: Db

const SUBJECT: CodeSubject = { purpose: 'duty', subjectId: 'v1' }
const NOW = new Date('2026-03-02T02:00:10.000Z')
const ENV_KEYS = ['XZ_CODE_SECRET', 'XZ_CODE_SECRET_PREVIOUS', 'XZ_CODE_SECRET_SINCE', 'TENCENTCLOUD_RUNENV'] as const
const saved: Record<string, string | undefined> = {}

const keyText = () => randomBytes(32).toString('base64')
const macWith = (key: Buffer) => (subject: CodeSubject, window: number) =>
  createHmac('sha256', key).update(signedMessage(subject, window)).digest()
const secretsDocs = () => [...(cloud.engine.collections.get(C.secrets)?.docs.values() ?? [])]

beforeAll(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k]
  cloud = await startTestCloud()
  lib = await import('../../cloudfunctions/_lib/rotating-code')
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
  lib.forgetRotatingCodeSecret()
})
afterAll(() => cloud.close())

describe('rotating-code key from configuration', () => {
  it('signs with XZ_CODE_SECRET and stores no key in the database', async () => {
    const text = keyText()
    process.env.XZ_CODE_SECRET = text
    const code = await lib.currentCode(db, SUBJECT, NOW)
    const expected = codeFor(SUBJECT, windowOf(NOW), macWith(Buffer.from(text, 'base64')))
    expect(code.digits).toBe(expected.digits)
    expect(code.payload).toBe(expected.payload)
    expect((await lib.verifyCode(db, SUBJECT, code.payload, NOW)).ok).toBe(true)
    expect(secretsDocs()).toEqual([])
  })

  it('refuses a forged signature, a code signed with another key, and a payload for another village', async () => {
    process.env.XZ_CODE_SECRET = keyText()
    const genuine = await lib.currentCode(db, SUBJECT, NOW)
    const parts = genuine.payload.split('.')
    const last = parts[4]!
    parts[4] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1)
    expect(await lib.verifyCode(db, SUBJECT, parts.join('.'), NOW)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })

    const foreign = codeFor(SUBJECT, windowOf(NOW), macWith(randomBytes(32)))
    expect(await lib.verifyCode(db, SUBJECT, foreign.payload, NOW)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
    const foreignDigits =
      foreign.digits === genuine.digits ? String((Number(foreign.digits) + 1) % 1e6).padStart(6, '0') : foreign.digits
    expect((await lib.verifyCode(db, SUBJECT, foreignDigits, NOW)).ok).toBe(false)

    // A genuine code of village v2 is no code for v1, even re-labelled.
    const other = await lib.currentCode(db, { purpose: 'duty', subjectId: 'v2' }, NOW)
    expect((await lib.verifyCode(db, SUBJECT, other.payload, NOW)).ok).toBe(false)
    expect((await lib.verifyCode(db, SUBJECT, other.payload.replace('.v2.', '.v1.'), NOW)).ok).toBe(false)
    expect(digitsFromMac(macWith(randomBytes(32))(SUBJECT, 1)).length).toBe(6)
  })

  it('after a rotation, a code signed with the previous key passes for one period and no longer', async () => {
    const oldKey = keyText()
    const newKey = keyText()
    process.env.XZ_CODE_SECRET = oldKey
    const onScreen = await lib.currentCode(db, SUBJECT, NOW)

    // Rotated at NOW: the code already shown keeps working during its life.
    process.env.XZ_CODE_SECRET = newKey
    process.env.XZ_CODE_SECRET_PREVIOUS = oldKey
    process.env.XZ_CODE_SECRET_SINCE = NOW.toISOString()
    const soon = new Date(NOW.getTime() + 20_000)
    expect((await lib.verifyCode(db, SUBJECT, onScreen.payload, soon)).ok).toBe(true)
    expect((await lib.verifyCode(db, SUBJECT, onScreen.digits, soon)).ok).toBe(true)
    // New codes are signed with the new key.
    const fresh = await lib.currentCode(db, SUBJECT, soon)
    expect(fresh.payload).toBe(codeFor(SUBJECT, windowOf(soon), macWith(Buffer.from(newKey, 'base64'))).payload)
    expect((await lib.verifyCode(db, SUBJECT, fresh.payload, soon)).ok).toBe(true)

    // One period after the rotation, an old-key code made "now" (as a stolen key would) is refused.
    const later = new Date(NOW.getTime() + lib.ROTATION_GRACE_SECONDS * 1000 + 1000)
    const oldKeyNow = codeFor(SUBJECT, windowOf(later), macWith(Buffer.from(oldKey, 'base64')))
    expect((await lib.verifyCode(db, SUBJECT, oldKeyNow.payload, later)).ok).toBe(false)
    // Without the previous key configured, the old code is refused at once.
    delete process.env.XZ_CODE_SECRET_PREVIOUS
    expect((await lib.verifyCode(db, SUBJECT, onScreen.payload, soon)).ok).toBe(false)
  })

  it('refuses a key that is too short', async () => {
    process.env.XZ_CODE_SECRET = 'short'
    await expect(lib.currentCode(db, SUBJECT, NOW)).rejects.toThrow(/too short/)
  })

  it('in CloudBase without XZ_CODE_SECRET it fails closed instead of keeping a key in the database', async () => {
    delete process.env.XZ_CODE_SECRET
    process.env.TENCENTCLOUD_RUNENV = 'SCF'
    await expect(lib.currentCode(db, SUBJECT, NOW)).rejects.toThrow(/XZ_CODE_SECRET is not configured/)
    expect(secretsDocs()).toEqual([])
  })

  it('locally without configuration it keeps one key in `secrets`, the same for every caller', async () => {
    delete process.env.XZ_CODE_SECRET
    const [a, b] = await Promise.all([lib.currentCode(db, SUBJECT, NOW), lib.currentCode(db, SUBJECT, NOW)])
    expect(a.payload).toBe(b.payload)
    expect(secretsDocs()).toHaveLength(1)
    lib.forgetRotatingCodeSecret()
    expect((await lib.verifyCode(db, SUBJECT, a.payload, NOW)).ok).toBe(true)
  })
})
