import {
  mergeProblem,
  mergeSummary,
  mergedGridName,
  movedCounters,
  retireProblem,
  retireSummary,
} from './village-lifecycle'

const v = (id: string, townshipId = 't1', retired?: { mergedInto?: { name: string } }) => ({
  id,
  name: `${id}村`,
  townshipId,
  retired,
})
const county = { county: true, townshipIds: [] }
const township = { county: false, townshipIds: ['t1'] }

describe('retireProblem', () => {
  it('an open village may be retired; a retired or merged one not again', () => {
    expect(retireProblem(v('a'))).toBeNull()
    expect(retireProblem(v('a', 't1', {}))).toBe('a村已经撤销')
    expect(retireProblem(v('a', 't1', { mergedInto: { name: '李庄村' } }))).toBe('a村已并入李庄村，不能再撤销')
  })
})

describe('mergeProblem', () => {
  it('two open villages of the township merge, by the township or the county', () => {
    expect(mergeProblem(v('a'), v('b'), township)).toBeNull()
    expect(mergeProblem(v('a'), v('b', 't2'), county)).toBeNull()
  })
  it('not into itself, not from or into a retired village', () => {
    expect(mergeProblem(v('a'), v('a'), county)).toBe('不能把一个村并入它自己')
    expect(mergeProblem(v('a', 't1', {}), v('b'), county)).toBe('a村已经撤销')
    expect(mergeProblem(v('a'), v('b', 't1', {}), county)).toBe('b村已经撤销，不能再并入其他村')
  })
  it('a township organiser not into another township', () => {
    expect(mergeProblem(v('a'), v('b', 't2'), township)).toBe('b村不在本乡镇，跨乡镇合并须由县委组织部办理')
  })
})

describe('mergedGridName', () => {
  it('puts the old village in front, once, within 20 characters', () => {
    expect(mergedGridName('王庄村', '第一网格')).toBe('王庄村第一网格')
    expect(mergedGridName('王庄村', '王庄村第一网格')).toBe('王庄村第一网格')
    expect(mergedGridName('一个名字很长很长的村子', '一个名字也很长的网格名称啊')).toHaveLength(20)
  })
})

describe('movedCounters', () => {
  it('counts people, Party members (away), bound WeChat from the moved records', () => {
    const people = [
      { roles: ['resident'], openid: 'x' },
      { roles: ['party_member', 'resident'], party: { presence: 'away' } },
      { roles: ['party_member'], party: { presence: 'home' }, openid: 'y' },
    ]
    expect(movedCounters(people, 3, 2, 40)).toEqual({
      householdCount: 3,
      gridCount: 2,
      peopleCount: 3,
      partyMemberCount: 2,
      partyMembersAway: 1,
      boundCount: 2,
      registeredAdults: 40,
    })
    expect(movedCounters([], 0, 0, 0).peopleCount).toBe(0)
  })
})

describe('summaries name what will happen', () => {
  it('merge', () => {
    const text = mergeSummary({ name: '王庄村' }, { name: '李庄村' }, { households: 3, people: 9, grids: 2 })
    expect(text).toContain('王庄村的 3 户、9 人、2 个网格将并入李庄村')
    expect(text).toContain('不能撤回')
  })
  it('retire', () => {
    expect(retireSummary({ name: '王庄村' }, 4)).toContain('本村 4 人的微信绑定随之解除')
  })
})
