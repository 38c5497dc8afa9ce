import { countsDelta, countsDocFrom, STAGE_KEYS, stageKey, stageLabel, townshipCounts } from './deliberation-counts'

describe('stageKey', () => {
  it('groups working and voting under the step, other statuses under their own name', () => {
    expect(stageKey(3, 'working')).toBe('step3')
    expect(stageKey(3, 'voting')).toBe('step3')
    expect(stageKey(6, 'completed')).toBe('completed')
    expect(stageKey(2, 'returned')).toBe('returned')
    expect(stageKey(4, 'rejected')).toBe('rejected')
    expect(stageKey(2, 'withdrawn')).toBe('withdrawn')
  })
})

describe('countsDelta', () => {
  it('counts a new matter under its category and stage', () => {
    expect(countsDelta('public_works', null, { step: 2, status: 'working' })).toEqual({
      'category.public_works': 1,
      'stage.step2': 1,
    })
  })
  it('moves a matter from one stage to the next', () => {
    expect(countsDelta('public_works', { step: 2, status: 'working' }, { step: 3, status: 'working' })).toEqual({
      'stage.step2': -1,
      'stage.step3': 1,
    })
    expect(countsDelta('public_works', { step: 6, status: 'working' }, { step: 6, status: 'completed' })).toEqual({
      'stage.step6': -1,
      'stage.completed': 1,
    })
  })
  it('changes nothing when the stage stays the same', () => {
    expect(countsDelta('public_works', { step: 3, status: 'working' }, { step: 3, status: 'voting' })).toEqual({})
  })
})

describe('countsDelta with leftMethod', () => {
  it('counts a matter that closed without the method once, on the transition that closed it', () => {
    expect(countsDelta('homestead', { step: 2, status: 'working' }, { step: 2, status: 'withdrawn' }, true)).toEqual({
      'stage.step2': -1,
      'stage.withdrawn': 1,
      'attention.leftMethod': 1,
    })
    expect(countsDelta('homestead', null, { step: 6, status: 'completed' }, true)).toEqual({
      'category.homestead': 1,
      'stage.completed': 1,
      'attention.leftMethod': 1,
    })
    expect(countsDelta('homestead', { step: 2, status: 'working' }, { step: 2, status: 'withdrawn' })).toEqual({
      'stage.step2': -1,
      'stage.withdrawn': 1,
    })
  })
})

describe('townshipCounts', () => {
  it('sums total, open (steps and returned), completed and left-the-method over villages', () => {
    expect(
      townshipCounts([
        {
          stage: { step1: 2, step4: 1, returned: 1, completed: 3, withdrawn: 1, rejected: 1 },
          attention: { leftMethod: 1 },
        },
        { stage: { step6: 1, completed: 2 } },
        { stage: {} },
      ]),
    ).toEqual({ total: 12, open: 5, completed: 5, leftMethod: 1 })
  })
  it('is all zero for no villages', () => {
    expect(townshipCounts([])).toEqual({ total: 0, open: 0, completed: 0, leftMethod: 0 })
  })
})

describe('counters documents and stage labels', () => {
  it('a first delta creates the village’s document with each group filled', () => {
    expect(countsDocFrom('v1', 't1', { 'category.land': 1, 'stage.step2': 1, 'attention.leftMethod': 1 })).toEqual({
      _id: 'v1',
      villageId: 'v1',
      townshipId: 't1',
      category: { land: 1 },
      stage: { step2: 1 },
      attention: { leftMethod: 1 },
    })
    expect(countsDocFrom('v2', 't1', {})).toMatchObject({ category: {}, stage: {}, attention: {} })
  })

  it('labels every stage the county shows: steps by number and name, else the status', () => {
    expect(STAGE_KEYS).toHaveLength(10)
    for (const key of STAGE_KEYS) expect(stageLabel(key)).toBeTruthy()
    expect(stageLabel('step3')).toMatch(/^第3步 /)
    expect(stageLabel('completed')).not.toContain('第')
  })
})
