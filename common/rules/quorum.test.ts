import { evaluateMeeting, minimumCount, type MeetingKind } from './quorum'
import { DEFAULT_SETTINGS } from './settings'

const v = (yes: number, no = 0, abstain = 0) => ({ yes, no, abstain })

describe('minimumCount', () => {
  it('reads 1/2 as "more than half" and other shares as "at least"', () => {
    expect(minimumCount(10, { num: 1, den: 2 })).toBe(6)
    expect(minimumCount(11, { num: 1, den: 2 })).toBe(6)
    expect(minimumCount(66, { num: 2, den: 3 })).toBe(44)
    expect(minimumCount(67, { num: 2, den: 3 })).toBe(45)
    expect(minimumCount(1, { num: 2, den: 3 })).toBe(1)
    expect(minimumCount(0, { num: 1, den: 2 })).toBe(1)
  })

  it('agrees with integer arithmetic for every size up to 200', () => {
    for (let total = 1; total <= 200; total++) {
      expect(minimumCount(total, { num: 1, den: 2 })).toBe([...Array(total + 1).keys()].find((n) => 2 * n > total))
      expect(minimumCount(total, { num: 2, den: 3 })).toBe([...Array(total + 1).keys()].find((n) => 3 * n >= 2 * total))
      expect(minimumCount(total, { num: 3, den: 4 })).toBe([...Array(total + 1).keys()].find((n) => 4 * n >= 3 * total))
    }
  })
})

describe('支部党员大会 (party_assembly)', () => {
  const s = { assemblyAttendance: { num: 1, den: 2 }, assemblyPassShare: { num: 1, den: 2 } }

  it('exactly half present is not a quorum; one more is', () => {
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 10, present: 5, votes: v(5) }, s)).toMatchObject({
      quorumMet: false,
      outcome: 'no_quorum',
      passed: false,
    })
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 10, present: 6, votes: v(6) }, s)).toMatchObject({
      quorumMet: true,
      outcome: 'passed',
    })
  })

  it('passes on yes > half of those who SHOULD attend, not of those present', () => {
    // 66 should attend, 40 present, 33 yes: 33/40 of present but exactly half of 66 → not passed
    const r = evaluateMeeting({ kind: 'party_assembly', shouldAttend: 66, present: 40, votes: v(33, 5, 2) }, s)
    expect(r.quorumMet).toBe(true)
    expect(r.pass).toMatchObject({ basis: 'shouldAttend', base: 66, needed: 34, actual: 33, met: false })
    expect(r.outcome).toBe('rejected')
    expect(
      evaluateMeeting({ kind: 'party_assembly', shouldAttend: 66, present: 40, votes: v(34, 4, 2) }, s).outcome,
    ).toBe('passed')
  })

  it('odd sizes: 7 members need 4 present and 4 yes', () => {
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 7, present: 3, votes: v(3) }, s).outcome).toBe(
      'no_quorum',
    )
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 7, present: 4, votes: v(3, 1) }, s).outcome).toBe(
      'rejected',
    )
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 7, present: 4, votes: v(4) }, s).outcome).toBe(
      'passed',
    )
  })

  it('a county share of 2/3 is "at least 2/3"', () => {
    const twoThirds = { ...s, assemblyAttendance: { num: 2, den: 3 } }
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 66, present: 43 }, twoThirds).quorumMet).toBe(false)
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 66, present: 44 }, twoThirds).quorumMet).toBe(true)
  })

  it('the 四议两公开 step-3 assembly uses deliberationAttendance (default 2/3)', () => {
    const r = evaluateMeeting(
      { kind: 'party_assembly', deliberation: true, shouldAttend: 30, present: 19, votes: v(19) },
      DEFAULT_SETTINGS,
    )
    expect(r.quorum[0]).toMatchObject({ needed: 20, met: false })
    expect(r.outcome).toBe('no_quorum')
    expect(
      evaluateMeeting(
        { kind: 'party_assembly', deliberation: true, shouldAttend: 30, present: 20, votes: v(16) },
        DEFAULT_SETTINGS,
      ).outcome,
    ).toBe('passed')
    // a village that set 3/4 locally
    expect(
      evaluateMeeting(
        { kind: 'party_assembly', deliberation: true, shouldAttend: 20, present: 14 },
        { deliberationAttendance: { num: 3, den: 4 } },
      ).quorumMet,
    ).toBe(false)
    expect(
      evaluateMeeting(
        { kind: 'party_assembly', deliberation: true, shouldAttend: 20, present: 15 },
        { deliberationAttendance: { num: 3, den: 4 } },
      ).quorumMet,
    ).toBe(true)
  })

  it('never goes below the statutory floor, whatever the settings say', () => {
    const low = {
      assemblyAttendance: { num: 1, den: 3 },
      assemblyPassShare: { num: 1, den: 4 },
      deliberationAttendance: { num: 1, den: 5 },
    }
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 10, present: 5, votes: v(5) }, low).outcome).toBe(
      'no_quorum',
    )
    expect(
      evaluateMeeting({ kind: 'party_assembly', deliberation: true, shouldAttend: 10, present: 5 }, low).quorumMet,
    ).toBe(false)
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 10, present: 8, votes: v(5, 3) }, low).outcome).toBe(
      'rejected',
    )
  })

  it('uses the defaults when no settings are given', () => {
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 4, present: 3, votes: v(3) }).outcome).toBe('passed')
    expect(evaluateMeeting({ kind: 'party_assembly', shouldAttend: 4, present: 2, votes: v(2) }).outcome).toBe(
      'no_quorum',
    )
  })
})

describe('支委会 (branch_committee)', () => {
  it('needs more than half of the committee present and yes > half of the committee', () => {
    expect(evaluateMeeting({ kind: 'branch_committee', shouldAttend: 4, present: 2, votes: v(2) }).outcome).toBe(
      'no_quorum',
    )
    expect(evaluateMeeting({ kind: 'branch_committee', shouldAttend: 5, present: 3, votes: v(3) }).outcome).toBe(
      'passed',
    )
    expect(evaluateMeeting({ kind: 'branch_committee', shouldAttend: 5, present: 5, votes: v(2, 2, 1) }).outcome).toBe(
      'rejected',
    )
    expect(evaluateMeeting({ kind: 'branch_committee', shouldAttend: 4, present: 4, votes: v(2, 2) }).outcome).toBe(
      'rejected',
    )
    expect(evaluateMeeting({ kind: 'branch_committee', shouldAttend: 4, present: 3, votes: v(3) }).outcome).toBe(
      'passed',
    )
  })
})

describe('村民代表会议 (representatives)', () => {
  it('quorum at least 2/3 of members: 30 members need 20', () => {
    expect(evaluateMeeting({ kind: 'representatives', shouldAttend: 30, present: 19, votes: v(19) }).outcome).toBe(
      'no_quorum',
    )
    expect(evaluateMeeting({ kind: 'representatives', shouldAttend: 30, present: 20, votes: v(11) }).outcome).toBe(
      'passed',
    )
  })

  it('passes on yes > half of those PRESENT; exactly half does not pass', () => {
    const r = evaluateMeeting({ kind: 'representatives', shouldAttend: 30, present: 20, votes: v(10, 6, 4) })
    expect(r.pass).toMatchObject({ basis: 'present', base: 20, needed: 11, actual: 10, met: false })
    expect(r.outcome).toBe('rejected')
  })

  it('31 members: 2/3 is 20.67 so 21 are needed', () => {
    expect(evaluateMeeting({ kind: 'representatives', shouldAttend: 31, present: 20 }).quorumMet).toBe(false)
    expect(evaluateMeeting({ kind: 'representatives', shouldAttend: 31, present: 21 }).quorumMet).toBe(true)
  })

  it('the statutory 2/3 floor holds against a lower setting; a higher county setting applies', () => {
    expect(
      evaluateMeeting(
        { kind: 'representatives', shouldAttend: 30, present: 19 },
        { representativeQuorum: { num: 1, den: 2 } },
      ).quorumMet,
    ).toBe(false)
    expect(
      evaluateMeeting(
        { kind: 'representatives', shouldAttend: 20, present: 14 },
        { representativeQuorum: { num: 3, den: 4 } },
      ).quorumMet,
    ).toBe(false)
    expect(
      evaluateMeeting(
        { kind: 'representatives', shouldAttend: 20, present: 15 },
        { representativeQuorum: { num: 3, den: 4 } },
      ).quorumMet,
    ).toBe(true)
  })
})

describe('村民会议 (villagers)', () => {
  it('quorum: more than half of adult villagers — exactly half is not enough', () => {
    expect(evaluateMeeting({ kind: 'villagers', shouldAttend: 2000, present: 1000, votes: v(900) }).outcome).toBe(
      'no_quorum',
    )
    expect(evaluateMeeting({ kind: 'villagers', shouldAttend: 2000, present: 1001, votes: v(501) }).outcome).toBe(
      'passed',
    )
  })

  it('or at least 2/3 of households represented', () => {
    const base = { kind: 'villagers' as const, shouldAttend: 2000, present: 400 }
    expect(evaluateMeeting({ ...base, households: { total: 600, represented: 399 } }).quorumMet).toBe(false)
    const r = evaluateMeeting({ ...base, households: { total: 600, represented: 400 }, votes: v(201, 150, 49) })
    expect(r.quorum.map((q) => q.met)).toEqual([false, true])
    expect(r.outcome).toBe('passed')
  })

  it('passes on yes > half of those present; exactly half does not', () => {
    expect(evaluateMeeting({ kind: 'villagers', shouldAttend: 2000, present: 1200, votes: v(600, 600) }).outcome).toBe(
      'rejected',
    )
    expect(evaluateMeeting({ kind: 'villagers', shouldAttend: 2000, present: 1200, votes: v(601, 599) }).outcome).toBe(
      'passed',
    )
  })
})

describe('arithmetic shown to villagers', () => {
  it('gives should attend, present, yes/no/abstain, thresholds and the outcome in Chinese', () => {
    const r = evaluateMeeting({
      kind: 'party_assembly',
      deliberation: true,
      shouldAttend: 66,
      present: 50,
      votes: v(40, 6, 3),
    })
    expect(r).toMatchObject({
      shouldAttend: 66,
      present: 50,
      absent: 16,
      notVoting: 1,
      votes: { yes: 40, no: 6, abstain: 3 },
    })
    expect(r.lines.join('\n')).toContain('应到 66，实到 50，缺席 16')
    expect(r.lines.join('\n')).toContain('赞成 40，反对 6，弃权 3，到会未表决 1')
    expect(r.lines.join('\n')).toContain('即至少 44')
    expect(r.lines.join('\n')).toContain('即至少 34')
    expect(r.lines[r.lines.length - 1]).toBe('结果：通过')
  })

  it('without votes judges the quorum only', () => {
    expect(evaluateMeeting({ kind: 'representatives', shouldAttend: 9, present: 6 })).toMatchObject({
      outcome: 'pending',
      pass: null,
      passed: false,
    })
  })
})

describe('exhaustive boundaries (sizes 1–40)', () => {
  const kinds: MeetingKind[] = ['party_assembly', 'branch_committee', 'representatives', 'villagers']
  it('quorum and pass agree with the integer definitions for every count', () => {
    for (const kind of kinds) {
      for (let should = 1; should <= 40; should++) {
        for (let present = 0; present <= should; present++) {
          const yes = Math.floor(present / 2) + (present % 3 === 0 ? 1 : 0)
          const votes = v(Math.min(yes, present), present - Math.min(yes, present))
          const r = evaluateMeeting({ kind, shouldAttend: should, present, votes })
          const quorum =
            kind === 'representatives'
              ? 3 * present >= 2 * should
              : kind === 'party_assembly'
                ? 2 * present > should
                : 2 * present > should
          expect(r.quorumMet).toBe(quorum)
          const passBase = kind === 'representatives' || kind === 'villagers' ? present : should
          expect(r.pass!.met).toBe(2 * votes.yes > passBase)
          expect(r.passed).toBe(quorum && 2 * votes.yes > passBase)
        }
      }
    }
  })
})

describe('impossible counts are refused', () => {
  it.each([
    [{ kind: 'party_assembly', shouldAttend: 5, present: 6 }],
    [{ kind: 'party_assembly', shouldAttend: 5, present: 3, votes: v(2, 1, 1) }],
    [{ kind: 'representatives', shouldAttend: -1, present: 0 }],
    [{ kind: 'representatives', shouldAttend: 5.5, present: 0 }],
    [{ kind: 'villagers', shouldAttend: 10, present: 5, households: { total: 3, represented: 4 } }],
    [{ kind: 'nonsense', shouldAttend: 10, present: 5 }],
  ])('%j', (input) => {
    expect(() => evaluateMeeting(input as never)).toThrow(RangeError)
  })
})
