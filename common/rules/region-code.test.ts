import { regionCodeProblem } from './region-code'

describe('regionCodeProblem', () => {
  it.each(['411329', '110101', '440305', '650102'])('accepts the county-level code %s', (code) => {
    expect(regionCodeProblem(code)).toBeNull()
  })
  it.each([
    ['41132', '6位数字'],
    ['4113290', '6位数字'],
    ['41132a', '6位数字'],
    ['991329', '省级代码'],
    ['100101', '省级代码'],
    ['410000', '省级行政区划代码'],
    ['411300', '地级行政区划代码'],
  ])('refuses %s', (code, words) => {
    expect(regionCodeProblem(code)).toContain(words)
  })
})
