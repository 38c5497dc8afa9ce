import fc from 'fast-check'
import { deidentify, normalizeDigits, type SensitiveKind } from './deidentify'

/** Property tests: an ID, mobile or card number is masked however a person writes it (domain rules §8). */

const digit = fc.integer({ min: 0, max: 9 }).map(String)
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''))

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const idNumber = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    digits(5),
    fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2019-12-31T00:00:00Z'), noInvalidDate: true }),
    digits(3),
  )
  .map(([first, region, born, seq]) => {
    const body = `${first}${region}${born.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`
    const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0)
    return body + '10X98765432'[sum % 11]
  })
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`)
/** UnionPay-like card numbers (62…) of 16–19 digits with a valid Luhn check digit. */
const card = fc.integer({ min: 13, max: 16 }).chain((n) =>
  digits(n).map((body) => {
    const partial = `62${body}`
    let sum = 0
    for (let i = 0; i < partial.length; i++) {
      let d = Number(partial[partial.length - 1 - i])
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2
      sum += d
    }
    return partial + String((10 - (sum % 10)) % 10)
  }),
)

const SEPARATORS = [' ', '-', '－', '—', '　', '‐']
const FULL = (d: string) => String.fromCharCode(d.charCodeAt(0) - 0x30 + 0xff10)
const CN = '〇一二三四五六七八九'

/** How a person may write the number: some digits full-width, grouped with separators, or in Chinese digits. */
const written = (value: string, allowChinese: boolean) =>
  fc
    .record({
      fullWidth: fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }),
      cuts: fc.array(fc.boolean(), { minLength: value.length - 1, maxLength: value.length - 1 }),
      sep: fc.constantFrom(...SEPARATORS),
      chinese: allowChinese ? fc.boolean() : fc.constant(false),
    })
    .map(({ fullWidth, cuts, sep, chinese }) => {
      let out = ''
      for (let i = 0; i < value.length; i++) {
        const c = value[i]
        out += chinese && /\d/.test(c) ? CN[Number(c)] : fullWidth[i] && /\d/.test(c) ? FULL(c) : c
        // groups of at least two characters, so that a separator never stands between every digit
        if (i < value.length - 1 && cuts[i] && i > 0 && !cuts[i - 1]) out += sep
      }
      return out
    })

const BEFORE: Record<SensitiveKind, string[]> = {
  id_number: ['身份证号码是', '户主', '', '证件'],
  mobile: ['联系', '电话', '', '请与', '手机'],
  bank_account: ['卡号', '补助打入', '', '开户行农商行 '],
  landline: [],
  address: [],
}
const AFTER = ['，已核实。', '。', '，谢谢', '', '（本人）', '办理']

const inText = (kind: SensitiveKind, value: fc.Arbitrary<string>, allowChinese: boolean) =>
  value.chain((v) =>
    fc
      .tuple(fc.constantFrom(...BEFORE[kind]), written(v, allowChinese), fc.constantFrom(...AFTER))
      .map(([before, w, after]) => ({ value: v, text: `${before}${w}${after}` })),
  )

/** The digits left visible in the published text. */
const visibleDigits = (text: string) => normalizeDigits(text).replace(/[^\dX]/gi, '')

function check(kinds: SensitiveKind[], kept: (v: string) => string, value: fc.Arbitrary<string>, chinese: boolean) {
  fc.assert(
    fc.property(inText(kinds[0], value, chinese), ({ value: v, text }) => {
      const r = deidentify(text)
      // one finding; a card number that also reads as an ID number may be masked as either (both keep 4)
      expect(r.masked).toHaveLength(1)
      expect(kinds).toContain(r.masked[0].kind)
      expect(visibleDigits(r.text)).toBe(kept(v).toUpperCase())
      expect(text.slice(r.masked[0].start, r.masked[0].end)).toBe(r.masked[0].original)
    }),
    { numRuns: 500 },
  )
}

describe('deidentify: every way of writing a number', () => {
  it('ID numbers keep only their last 4 characters', () => check(['id_number'], (v) => v.slice(-4), idNumber, false))
  it('mobiles keep the first 3 and last 4 digits, also in Chinese digits', () =>
    check(['mobile'], (v) => v.slice(0, 3) + v.slice(-4), mobile, true))
  it('card numbers keep their last 4 digits', () =>
    check(['bank_account', 'id_number'], (v) => v.slice(-4), card, false))

  it('normalises without moving positions', () => {
    const text = '电话１３８－３８７７　６６５５，身份证４１１３２３ 19750315-0001'
    expect(normalizeDigits(text)).toHaveLength(text.length)
    expect(normalizeDigits(text)).toBe('电话138-3877 6655，身份证411323 19750315-0001')
  })

  it('the examples people wrote', () => {
    expect(deidentify('身份证 411323 19750315 0001').text).toBe('身份证 **************0001')
    expect(deidentify('身份证411323-19750315-0001').text).toBe('身份证**************0001')
    expect(deidentify('手机１５８３８００１２３４').text).toBe('手机158****1234')
    expect(deidentify('电话一三八三八七七六六五五').text).toBe('电话138****6655')
  })

  it('leaves two dates and quantities in Chinese alone', () => {
    for (const text of ['2023-05-16 2023-05-19', '共三十五户，一百二十人']) {
      expect(deidentify(text).masked).toEqual([])
    }
  })
})
