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
 * The secret: collection `secrets`, document `rotating-code` ({ key: base64 of 32 random bytes }), created on
 * first use — of concurrent first uses exactly one `add` wins (unique `_id`), the others read the winner's key.
 * Cached in the instance for SECRET_CACHE_MS, so a warm call costs no database round trip. The collection holds
 * nothing a client may read: no action returns it.
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

export const SECRETS_COLLECTION = 'secrets'
export const ROTATING_CODE_SECRET_ID = 'rotating-code'
export const SECRET_CACHE_MS = 10 * 60 * 1000

interface SecretDoc {
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

const isDuplicateKey = (error: unknown) => /E11000|duplicate key/i.test(String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? error))

async function readSecret(db: Database): Promise<Buffer | undefined> {
  const [doc] = await getDocs<SecretDoc>(db.collection(SECRETS_COLLECTION).where({ _id: ROTATING_CODE_SECRET_ID }).limit(1))
  return doc?.key ? Buffer.from(doc.key, 'base64') : undefined
}

async function loadSecret(db: Database): Promise<Buffer> {
  const existing = await readSecret(db)
  if (existing) return existing
  const key = randomBytes(32)
  try {
    await db.collection(SECRETS_COLLECTION).add({ data: { _id: ROTATING_CODE_SECRET_ID, key: key.toString('base64'), createdAt: new Date() } })
    return key
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    const winner = await readSecret(db)
    if (!winner) throw error
    return winner
  }
}

/** The signing key (created on first use). Exposed for tests; handlers use currentCode / verifyCode. */
export async function rotatingCodeSecret(db: Database): Promise<Buffer> {
  if (cached && Date.now() - cached.at < SECRET_CACHE_MS) return cached.key
  loading ??= loadSecret(db).finally(() => {
    loading = undefined
  })
  const key = await loading
  cached = { key, at: Date.now() }
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
  const key = await rotatingCodeSecret(db)
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
export async function verifyCode(db: Database, subject: CodeSubject, presented: unknown, now: Date): Promise<CodeJudgement> {
  const key = await rotatingCodeSecret(db)
  return judgeCode(presented, subject, now, macWith(key))
}
