import { contracts } from '../contracts'
import { AUDIT_WORDS, auditSentence } from './audit-text'

const audited = Object.values(contracts).flatMap((c) =>
  Object.entries(c.actions as Record<string, { audit?: string }>)
    .filter(([, a]) => a.audit)
    .map(([name]) => `${c.name}.${name}`),
)

it('every audited action has its words (a new one fails here until it is given some)', () => {
  expect(audited.filter((a) => !AUDIT_WORDS[a])).toEqual([])
  expect(Object.keys(AUDIT_WORDS).filter((a) => !audited.includes(a))).toEqual([])
})

it('says who did what when, with the detail and no ids', () => {
  const line = auditSentence({
    at: '2026-12-24T02:05:00.000Z',
    action: 'org.mergeVillage',
    kind: 'write',
    actorName: '苏勇敏',
    actorRoles: ['township_organiser'],
    subjectCount: 40,
    detail: '王庄村并入李庄村：3 户、9 人、2 个网格',
  })
  expect(line.what).toBe('苏勇敏（乡镇组织委员）办理了合村并居：王庄村并入李庄村：3 户、9 人、2 个网格')
  expect(line.when).toMatch(/^12月24日（周四）\s*10:05$/)
})

it('counts what a read touched, and falls back to plain words for an unknown action', () => {
  const base = { at: '2026-12-24T02:05:00.000Z', actorName: '', actorRoles: [], detail: undefined }
  expect(auditSentence({ ...base, action: 'roster.listPeople', kind: 'personal-read', subjectCount: 30 }).what).toBe(
    '系统查看了花名册人员，共 30 条',
  )
  expect(auditSentence({ ...base, action: 'x.y', kind: 'write', subjectCount: 1 }).what).toBe('系统办理了一项操作')
})
