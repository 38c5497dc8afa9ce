import { contracts } from '../../common/contracts'
import { ALL_ROLES, PUBLIC } from '../../common/roles'
import { describeIssues, z } from '../../common/schema'

describe('action contracts', () => {
  const everyAction = Object.values(contracts).flatMap((fn) =>
    Object.entries(fn.actions).map(([name, action]) => ({ fn: fn.name, name, action })),
  )

  it('declares at least one action', () => {
    expect(everyAction.length).toBeGreaterThan(0)
  })

  it.each(everyAction)('$fn.$name declares a Chinese summary, known roles and object schemas', ({ action }) => {
    expect(action.summary).toMatch(/[\u4e00-\u9fa5]/)
    expect(action.roles.length).toBeGreaterThan(0)
    for (const role of action.roles) expect([PUBLIC, ...ALL_ROLES]).toContain(role)
    expect(action.input).toBeInstanceOf(z.ZodObject)
    expect(action.output).toBeInstanceOf(z.ZodObject)
  })

  it('registers each function under its own name', () => {
    for (const [key, fn] of Object.entries(contracts)) expect(fn.name).toBe(key)
  })
})

describe('validation messages', () => {
  const schema = z.object({ title: z.string().min(2), count: z.number().int().nonnegative() })

  it('are in Chinese and name the field', () => {
    const result = schema.safeParse({ title: 'x', count: -1 })
    expect(result.success).toBe(false)
    if (result.success) return
    const { message, fields } = describeIssues(result.error.issues)
    expect(message).toMatch(/^提交的内容有误，请检查后重试：「title」/)
    expect(fields.map((f) => f.path)).toEqual(['title', 'count'])
    for (const f of fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('reject NoSQL operators where a value is expected', () => {
    expect(schema.safeParse({ title: { $ne: null }, count: 1 }).success).toBe(false)
  })
})
