import { optionalTextFor, seesFullIn, sensitiveWarning, textFor } from './disclosure'

const RUNNERS = ['branch_secretary', 'village_committee_member'] as const

describe('who sees free text in full', () => {
  const text = '申请人身份证 411323197503150001，电话 138 3877 6655，卡号 6222 0212 3456 7890 123'

  it('masks every number for those who do not need it, leaves it whole for those who do', () => {
    const masked = textFor(text, false)
    expect(masked).not.toContain('411323197503150001')
    expect(masked).toContain('**************0001')
    expect(masked).not.toMatch(/3877/)
    expect(masked).toContain('申请人身份证')
    expect(textFor(text, true)).toBe(text)
    // Full-width digits are covered the same way (the rule behind it is deidentify).
    expect(textFor('联系电话１３８３８００１２３４', false)).toBe('联系电话138****1234')
  })

  it('passes missing text through', () => {
    expect(optionalTextFor(undefined, false)).toBeUndefined()
    expect(optionalTextFor(null, false)).toBeNull()
    expect(optionalTextFor('电话13838001234', false)).toBe('电话138****1234')
  })

  it('decides by the role held in that village, or a supervisor', () => {
    const secretaryHere = [{ villageId: 'v1', roles: ['branch_secretary' as const] }]
    expect(seesFullIn(secretaryHere, 'v1', RUNNERS)).toBe(true)
    expect(seesFullIn(secretaryHere, 'v2', RUNNERS)).toBe(false)
    const member = [{ villageId: 'v1', roles: ['party_member' as const, 'resident' as const] }]
    expect(seesFullIn(member, 'v1', RUNNERS)).toBe(false)
    const township = [{ roles: ['township_organiser' as const] }]
    expect(seesFullIn(township, 'v1', RUNNERS)).toBe(true)
    expect(seesFullIn(township, 'v1', RUNNERS, { supervisors: false })).toBe(false)
    // A secretary of another village who is a resident here sees this village as a resident.
    const mixed = [
      { villageId: 'v2', roles: ['branch_secretary' as const] },
      { villageId: 'v1', roles: ['resident' as const] },
    ]
    expect(seesFullIn(mixed, 'v1', RUNNERS)).toBe(false)
  })
})

describe('the warning while typing', () => {
  it('names what was found and shows how it will look', () => {
    expect(sensitiveWarning('修路方案，大家讨论')).toBeUndefined()
    expect(sensitiveWarning('补助 50000元，2023年5月13日')).toBeUndefined()
    const w = sensitiveWarning('户主身份证411323 19750315 0001，手机１３８３８００１２３４')!
    expect(w).toContain('身份证号、手机号')
    expect(w).toContain('会被遮挡')
    expect(w).toContain('**************0001')
  })
})
