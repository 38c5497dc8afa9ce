/**
 * Rotating codes, server half: signing and verifying with HMAC-SHA256 under a secret that never leaves the server.
 * The pure half (windows, digit and QR forms, parsing, refusal reasons and messages) is
 * common/rules/rotating-code.ts.
 *
 * How to use it (duty check-in, meeting sign-in, anything that must prove "present here, now"):
 *
 *   import { currentCode, verifyCode } from '../_lib/rotating-code'
 *
 *   // The screen at the place (duty screen of a village, sign-in screen of a meeting) asks every ~30 s:
 *   const code = await currentCode(db, { purpose: 'meeting', subjectId: meetingId }, now)
 *   //  → { digits: '042917', display: '042 917', payload: 'xzrc1.meeting.<id>.<window>.<sig>',
 *   //      window, expiresAt: Date, secondsLeft, windowSeconds }
 *   // Show `payload` as a QR code (scanned with Taro.scanCode) and `display` in big digits (typed in H5).
 *   // Only return a code to a caller entitled to show it (e.g. the meeting's organiser, a paired duty screen).
 *
 *   // The person presents what they scanned or typed:
 *   const judged = await verifyCode(db, { purpose: 'meeting', subjectId: meetingId }, presented, now)
 *   if (!judged.ok) throw new AppError('FAILED_PRECONDITION', judged.message) // judged.reason: CodeRefusal
 *   // judged.window: the window of the accepted code (current or the one just before).
 *
 * `purpose` is a short lower-case word (`duty`, `meeting`): a code for one purpose is refused for another.
 * `subjectId` is a document id (villageId, meetingId). A code is accepted during its own window and the next one
 * (30–60 s), so an accepted code should also be bound to a single use by the caller's own unique key (one
 * check-in per person per duty day, one sign-in per person per meeting).
 *
 * The secret comes from configuration: the environment variables of the cloud function (CloudBase console →
 * 云函数 → 函数配置 → 环境变量), never from the repository:
 * - `XZ_CODE_SECRET`: the signing key, base64 of at least 32 random bytes (`openssl rand -base64 32`), the same
 *   value on every function that shows or checks codes (duty, meetings);
 * - rotation: put the old value in `XZ_CODE_SECRET_PREVIOUS`, the new one in `XZ_CODE_SECRET`, and the instant of
 *   the change in `XZ_CODE_SECRET_SINCE` (ISO 8601). Codes signed with the previous key stay valid for one period
 *   (ROTATION_GRACE_SECONDS, the life of a code: its window and the next) after that instant, so a code already
 *   on a screen is not refused; after it only the new key's codes pass. Remove the two extra variables later.
 * Only where no key is configured and the function does not run in CloudBase (the local cloud, tests, `npm
 * start`) is the key kept in collection `secrets`, document `rotating-code` ({ key: base64 of 32 random bytes }),
 * created on first use — of concurrent first uses exactly one `add` wins (unique `_id`), the others read the
 * winner's key; cached in the instance for SECRET_CACHE_MS. In CloudBase without `XZ_CODE_SECRET` codes are
 * refused (fail closed) and the log says why. No action returns a key.
 */
import { createHmac, randomBytes } from 'node:crypto'
import {
  codeFor,
  formatDigits,
  judgeCode,
  ROTATING_CODE_WINDOW_SECONDS,
  secondsLeft,
  signedMessage,
  windowEndsAt,
  windowOf,
  type CodeJudgement,
  type CodeSubject,
  type MacFunction,
} from '../../common/rules/rotating-code'
import { getDocs, type Database } from './cloud'
import { isDuplicateKey } from './writes'
import { C } from './collections'

export const SECRETS_COLLECTION = C.secrets
export const ROTATING_CODE_SECRET_ID = 'rotating-code'
export const SECRET_CACHE_MS = 10 * 60 * 1000
export const CODE_SECRET_ENV = 'XZ_CODE_SECRET'
export const CODE_SECRET_PREVIOUS_ENV = 'XZ_CODE_SECRET_PREVIOUS'
export const CODE_SECRET_SINCE_ENV = 'XZ_CODE_SECRET_SINCE'
/** How long after a rotation codes signed with the previous key are still accepted: one code's life. */
export const ROTATION_GRACE_SECONDS = 2 * ROTATING_CODE_WINDOW_SECONDS
const MIN_KEY_BYTES = 32

export interface SecretDoc {
  _id: string
  key: string
  createdAt: Date
}

export interface CurrentCode {
  digits: string
  /** "042 917" */
  display: string
  /** For a QR code. */
  payload: string
  window: number
  expiresAt: Date
  secondsLeft: number
  windowSeconds: number
}

let cached: { key: Buffer; at: number } | undefined
let loading: Promise<Buffer> | undefined

async function readSecret(db: Database): Promise<Buffer | undefined> {
  const [doc] = await getDocs<SecretDoc>(
    db.collection(SECRETS_COLLECTION).where({ _id: ROTATING_CODE_SECRET_ID }).limit(1),
  )
  return doc?.key ? Buffer.from(doc.key, 'base64') : undefined
}

async function loadSecret(db: Database, now: Date): Promise<Buffer> {
  const existing = await readSecret(db)
  if (existing) return existing
  const key = randomBytes(32)
  try {
    await db
      .collection(SECRETS_COLLECTION)
      .add({ data: { _id: ROTATING_CODE_SECRET_ID, key: key.toString('base64'), createdAt: now } })
    return key
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    const winner = await readSecret(db)
    if (!winner) throw error
    return winner
  }
}

/** A configured key: base64 of ≥ 32 bytes, or else a text of ≥ 32 characters taken as its UTF-8 bytes. */
export function parseConfiguredKey(value: string | undefined, name: string): Buffer | undefined {
  const text = value?.trim()
  if (!text) return undefined
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined
  const key = decoded && decoded.length >= MIN_KEY_BYTES ? decoded : Buffer.from(text, 'utf8')
  if (key.length < MIN_KEY_BYTES)
    throw new Error(`${name} is too short: use base64 of at least ${MIN_KEY_BYTES} random bytes`)
  return key
}

/** True inside CloudBase / SCF, where the key must come from configuration. */
const inCloud = () => process.env.TENCENTCLOUD_RUNENV === 'SCF'

/** The previous key, while it is still accepted at `now` (see the rotation note at the top). */
function previousKey(now: Date): Buffer | undefined {
  const key = parseConfiguredKey(process.env[CODE_SECRET_PREVIOUS_ENV], CODE_SECRET_PREVIOUS_ENV)
  if (!key) return undefined
  const since = process.env[CODE_SECRET_SINCE_ENV]?.trim()
  if (!since) return key
  const at = Date.parse(since)
  if (Number.isNaN(at)) throw new Error(`${CODE_SECRET_SINCE_ENV} is not an ISO 8601 instant`)
  return now.getTime() < at + ROTATION_GRACE_SECONDS * 1000 ? key : undefined
}

/** The signing key: configured, or (local only) created on first use. Handlers use currentCode / verifyCode. */
export async function rotatingCodeSecret(db: Database, now: Date): Promise<Buffer> {
  const configured = parseConfiguredKey(process.env[CODE_SECRET_ENV], CODE_SECRET_ENV)
  if (configured) return configured
  if (inCloud())
    throw new Error(
      `${CODE_SECRET_ENV} is not configured for this cloud function: rotating codes are refused until it is`,
    )
  // The cache's age is a duration, not a moment: a monotonic timer, untouched by the local clock's jumps.
  if (cached && performance.now() - cached.at < SECRET_CACHE_MS) return cached.key
  loading ??= loadSecret(db, now).finally(() => {
    loading = undefined
  })
  const key = await loading
  cached = { key, at: performance.now() }
  return key
}

/** Forgets the cached secret (tests that wipe the database). */
export function forgetRotatingCodeSecret(): void {
  cached = undefined
}

const macWith =
  (key: Buffer): MacFunction =>
  (subject, window) =>
    createHmac('sha256', key).update(signedMessage(subject, window)).digest()

/** The code to show now for a subject. */
export async function currentCode(db: Database, subject: CodeSubject, now: Date): Promise<CurrentCode> {
  const key = await rotatingCodeSecret(db, now)
  const window = windowOf(now)
  const { digits, payload } = codeFor(subject, window, macWith(key))
  return {
    digits,
    display: formatDigits(digits),
    payload,
    window,
    expiresAt: windowEndsAt(window),
    secondsLeft: secondsLeft(now),
    windowSeconds: ROTATING_CODE_WINDOW_SECONDS,
  }
}

/** Judges what a person scanned or typed for a subject at `now` (see judgeCode for the reasons). */
export async function verifyCode(
  db: Database,
  subject: CodeSubject,
  presented: unknown,
  now: Date,
): Promise<CodeJudgement> {
  const key = await rotatingCodeSecret(db, now)
  const judged = judgeCode(presented, subject, now, macWith(key))
  if (judged.ok || (judged.reason !== 'bad-signature' && judged.reason !== 'expired')) return judged
  // Just after a rotation, a code still on a screen was signed with the previous key.
  const previous = previousKey(now)
  if (!previous) return judged
  const again = judgeCode(presented, subject, now, macWith(previous))
  return again.ok ? again : judged
}
