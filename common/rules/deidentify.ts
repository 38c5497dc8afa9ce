/**
 * De-identification of free Chinese text before it is published (domain rules §8): resident ID numbers, mobile
 * and landline phone numbers, bank card / account numbers and house addresses (house number and below) are
 * detected and masked. Personal names are left alone (the law allows them on village notices). Pure; no I/O.
 *
 * API
 * ---
 *   deidentify(text, { keep? }): { text, masked }
 *     text    the text with every finding replaced by its masked form
 *     masked  what was masked, in order: { kind, label, original, masked, start, end } — start/end index the
 *             ORIGINAL text. Show it to the publisher (who wrote the original); never publish `original`.
 *     keep    exact strings to leave as they are (e.g. the service centre's public duty phone).
 *   findSensitive(text, { keep? }): the same list without rewriting the text.
 *
 * Masked forms reuse common/rules/masking.ts: ID numbers keep their last 4 characters (maskIdNumber), phones
 * keep the first 3 and last 4 digits (maskPhone), bank numbers keep the last 4, addresses keep the village /
 * group / street and lose every digit of the house number, building, unit and room.
 *
 * Found however a person writes the number: full-width digits (１５８…), Chinese digit runs (一三八三八…, seven or
 * more in a row), and any grouping with spaces, hyphens or dashes (411323 19750315 0001, 138-3877-6655). Detection
 * runs on a normalised copy of the text with the same length, so positions still index the original.
 *
 * Not masked: amounts (50000元, ¥30,000, 1.5万元), dates (2023年5月13日, 2023-05-13, 20230513), counts (66人),
 * document numbers (新政〔2023〕12号), group names (三组), years and percentages.
 */
import { maskIdNumber, maskPhone } from './masking'

export type SensitiveKind = 'id_number' | 'mobile' | 'landline' | 'bank_account' | 'address'

export const SENSITIVE_LABELS: Record<SensitiveKind, string> = {
  id_number: '身份证号',
  mobile: '手机号',
  landline: '固定电话',
  bank_account: '银行卡号/账号',
  address: '门牌地址',
}

export interface MaskedItem {
  kind: SensitiveKind
  label: string
  original: string
  masked: string
  start: number
  end: number
}

export interface Deidentified {
  text: string
  masked: MaskedItem[]
}

export interface DeidentifyOptions {
  keep?: readonly string[]
}

const DATE8 = '(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])'
const DATE6 = '\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])'
/** Characters after which a number is part of an amount, date, count or percentage, not an identifier. */
const NOT_AFTER = '(?![\\d.,，]?\\d|[元万亿千百块角分%％年月日号岁人户亩米吨斤天])'

interface Pattern {
  kind: SensitiveKind
  re: RegExp
  /** Index of the capture group holding the sensitive part (0 = whole match). */
  group?: number
  /** A further check of the match's digits (e.g. an ID number's birth date), when the pattern alone is too loose. */
  accept?: (digits: string) => boolean
  mask: (s: string) => string
}

const digitsOnly = (s: string) => s.replace(/[^\dXx]/g, '')

const CN_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  幺: '1',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
}
/** Seven or more Chinese digits in a row, maybe grouped (a spelled-out phone number, not a quantity like 三十五). */
const CN_DIGIT_RUN = /[〇零幺一二三四五六七八九](?:[ \-\u2010-\u2015\uFF0D\u3000]?[〇零幺一二三四五六七八九]){6,}/g

/**
 * The text as the patterns read it, one UTF-16 unit for one: full-width digits, letters X and separators become
 * ASCII, dash-like characters become '-', wide and no-break spaces ' ', runs of Chinese digits become digits.
 */
export function normalizeDigits(text: string): string {
  const chars = text.replace(CN_DIGIT_RUN, (run) => [...run].map((c) => CN_DIGITS[c] ?? c).join(''))
  return chars.replace(/[\uFF10-\uFF19\uFF38\uFF58\u2010-\u2015\u2212\uFF0D\u3000\u00A0\uFE58\uFE63]/g, (c) => {
    const code = c.charCodeAt(0)
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xff10 + 0x30)
    if (c === '\uFF38') return 'X'
    if (c === '\uFF58') return 'x'
    if (c === '\u3000' || c === '\u00A0') return ' '
    return '-'
  })
}

const ID18 = new RegExp(`^[1-9]\\d{5}${DATE8}\\d{3}[\\dXx]$`)
const ID15 = new RegExp(`^[1-9]\\d{5}${DATE6}\\d{3}$`)
/** A digit followed by at most one separator: how people group long numbers (411323 19750315 0001). */
const SEP = '[ -]?'

/** The check digit of card numbers (ISO/IEC 7812); separates a grouped card number from, say, two dates. */
function luhnOk(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

function maskBank(s: string): string {
  const d = s.replace(/\D/g, '')
  return '*'.repeat(Math.max(0, d.length - 4)) + d.slice(-4)
}

function maskPhoneKeepingForm(s: string): string {
  const d = s.replace(/\D/g, '')
  // +86 prefix: mask the national number only
  const national = d.length === 13 && d.startsWith('86') ? d.slice(2) : d
  return maskPhone(national)
}

/** Landlines: an extension (转8) is dropped; short local numbers keep only their last 4 digits. */
function maskLandline(s: string): string {
  const d = s.replace(/转\d+$/, '').replace(/\D/g, '')
  if (d.length <= 8) return '*'.repeat(Math.max(0, d.length - 4)) + d.slice(-4)
  return maskPhone(d)
}

const maskDigits = (s: string) =>
  s
    .replace(/[0-9０-９]/g, '*')
    .replace(/[一二三四五六七八九十百零〇两]+(?=号|栋|幢|楼|单元|层|室|户)/g, (m) => '*'.repeat(m.length))

const CN_NUM = '[0-9０-９]+|[一二三四五六七八九十百零〇两]+'
const UNIT_PART = `(?:(?:${CN_NUM})(?:号楼|栋|幢|号院|楼|单元|层|室|户|号))`

const PATTERNS: Pattern[] = [
  // 18-digit ID number (region code, birth date, sequence, check), then the old 15-digit form; any grouping
  {
    kind: 'id_number',
    re: new RegExp(`(?<![\\dA-Za-z]${SEP})\\d(?:${SEP}\\d){16}${SEP}[\\dXx](?!${SEP}[\\dA-Za-z])`, 'g'),
    accept: (d) => ID18.test(d),
    mask: (s) => maskIdNumber(digitsOnly(s)),
  },
  {
    kind: 'id_number',
    re: new RegExp(`(?<![\\dA-Za-z]${SEP})\\d(?:${SEP}\\d){14}(?!${SEP}[\\dA-Za-z])`, 'g'),
    accept: (d) => ID15.test(d),
    mask: (s) => maskIdNumber(digitsOnly(s)),
  },
  // bank numbers after a keyword (any 8–25 digits, spaces or hyphens between groups)
  {
    kind: 'bank_account',
    re: /(?:银行卡号?|卡号|账号|帐号|账户|帐户|开户账号)(?:为|是)?[：:\s]*(\d(?:[ -]?\d){7,24})(?!\d)/g,
    group: 1,
    mask: maskBank,
  },
  // card numbers grouped any other way (6222 0212 3456 7890 123, 62220-21234-…): 16–19 digits passing the Luhn check
  {
    kind: 'bank_account',
    re: new RegExp(`(?<![\\d.]${SEP})\\d(?:${SEP}\\d){15,18}(?!${SEP}\\d)${NOT_AFTER}`, 'g'),
    accept: luhnOk,
    mask: maskBank,
  }, // card numbers grouped in fours, or 16–19 digits in a row
  {
    kind: 'bank_account',
    re: /(?<![\d.]|\d[ -])\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?(?![\d.]|[ -]\d)/g,
    mask: maskBank,
  },
  { kind: 'bank_account', re: new RegExp(`(?<![\\d.]|\\d[ -])\\d{16,19}${NOT_AFTER}`, 'g'), mask: maskBank },

  // mobile numbers, optionally +86 and grouped 3-4-4
  {
    kind: 'mobile',
    re: new RegExp(`(?<![\\d.])(?:\\+?86[ -]?)?1${SEP}[3-9](?:${SEP}\\d){9}${NOT_AFTER}`, 'g'),
    mask: maskPhoneKeepingForm,
  },
  // landlines with an area code: 0377-66221234, (0377)66221234, 0377 6622 1234, with an optional extension
  {
    kind: 'landline',
    re: /(?<![\d.])(?:[(（]0\d{2,3}[)）][ -]?|0\d{2,3}[ -])\d{3,4}[ -]?\d{4}(?:转\d{1,5})?(?!\d)/g,
    mask: maskLandline,
  },
  // a bare number after a phone keyword: 电话：6622123, 联系电话 037766221234
  {
    kind: 'landline',
    re: /(?:电话|座机|联系方式|热线|手机|Tel|TEL|tel)(?:号码?)?(?:为|是)?[：:\s]*(\d{7,12})(?!\d)/g,
    group: 1,
    mask: maskLandline,
  },
  // house addresses: the house number and below after a village / group / road / street name
  {
    kind: 'address',
    re: new RegExp(
      `(?<=[村组队路街巷弄里屯庄区寨])(?:${CN_NUM})号(?:院|楼)?${UNIT_PART}*|(?<![\\d〕\\]）)])(?:[0-9]+)(?:号楼|栋|幢)${UNIT_PART}+|门牌号?(?:为|是)?[：:\\s]*(?:${CN_NUM})号?`,
      'g',
    ),
    mask: maskDigits,
  },
]

/** Every sensitive item in the text, left to right, without overlaps (earlier patterns win). */
export function findSensitive(text: string, options: DeidentifyOptions = {}): MaskedItem[] {
  const keep = new Set((options.keep ?? []).map((k) => k.trim()).filter(Boolean))
  const keepDigits = new Set([...keep].map(digitsOnly).filter((d) => d.length >= 5))
  const found: MaskedItem[] = []
  const overlaps = (s: number, e: number) => found.some((f) => s < f.end && e > f.start)
  const read = normalizeDigits(text)
  for (const p of PATTERNS) {
    p.re.lastIndex = 0
    for (const m of read.matchAll(p.re)) {
      const whole = m[0]
      const part = p.group ? m[p.group] : whole
      if (part === undefined) continue
      const start = (m.index ?? 0) + (p.group ? whole.lastIndexOf(part) : 0)
      const end = start + part.length
      if (overlaps(start, end)) continue
      if (p.accept && !p.accept(digitsOnly(part))) continue
      const original = text.slice(start, end)
      if (keep.has(original.trim()) || keep.has(part.trim()) || keepDigits.has(digitsOnly(part))) continue
      const masked = p.mask(part)
      if (masked === original) continue
      found.push({ kind: p.kind, label: SENSITIVE_LABELS[p.kind], original, masked, start, end })
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

/** The text with every sensitive item masked, and the list of what was masked. */
export function deidentify(text: string, options: DeidentifyOptions = {}): Deidentified {
  const masked = findSensitive(text, options)
  let out = ''
  let at = 0
  for (const item of masked) {
    out += text.slice(at, item.start) + item.masked
    at = item.end
  }
  out += text.slice(at)
  return { text: out, masked }
}

/** Whether a text still holds anything that would be masked (for a last check before storing a public notice). */
export function hasSensitive(text: string, options: DeidentifyOptions = {}): boolean {
  return findSensitive(text, options).length > 0
}
