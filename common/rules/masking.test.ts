import { idNumberChecksumOk, isMaskedIdNumber, maskIdNumber, maskName, maskPhone } from './masking'

describe('masking', () => {
  it('keeps only the last 4 characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X')
    expect(maskIdNumber('11010519491231002x')).toBe('**************002X')
    expect(maskIdNumber('110105491231002')).toBe('***********1002')
    expect(isMaskedIdNumber(maskIdNumber('11010519491231002X'))).toBe(true)
    expect(isMaskedIdNumber('11010519491231002X')).toBe(false)
  })

  it('checks the ID check character (GB 11643)', () => {
    expect(idNumberChecksumOk('11010519491231002X')).toBe(true)
    expect(idNumberChecksumOk('110105194912310021')).toBe(false)
    expect(idNumberChecksumOk('1101051949123100')).toBe(false)
  })

  it('masks phones and names for lists', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskName('张三丰')).toBe('张*丰')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳明月')).toBe('欧**月')
  })
})
