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
    expect(message).toBe('标题至少 2 个字')
    expect(fields.map((f) => f.path)).toEqual(['title', 'count'])
    for (const f of fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('say what to fill in, with the field’s Chinese name and no English', () => {
    const form = z.object({
      name: z.string().min(1).max(20),
      phone: z.string().regex(/^1\d{10}$/),
      party: z.object({ standing: z.enum(['full', 'probationary']) }),
      tables: z.number({ error: '「桌数」须为数字' }),
    })
    const messages = (input: unknown) => {
      const r = form.safeParse(input)
      return r.success ? [] : describeIssues(r.error.issues).fields.map((f) => f.message)
    }
    const all = messages({ name: '', phone: '123', party: { standing: 'x' }, tables: 'x' })
    expect(all).toEqual(['请填写姓名', '手机号格式不对', '请选择正式或预备党员', '「桌数」须为数字'])
    expect(messages({ phone: '13800000000', party: { standing: 'full' }, tables: 1 })).toEqual(['请填写姓名'])
    expect(
      messages({
        name: '一二三四五六七八九十一二三四五六七八九十一',
        phone: '13800000000',
        party: { standing: 'full' },
        tables: 1,
      }),
    ).toEqual(['姓名最多 20 个字'])
    for (const m of all) expect(m).not.toMatch(/[A-Za-z]/)
  })

  it('keep the general message when the whole input is wrong', () => {
    const r = z.object({ a: z.string() }).safeParse('hello')
    expect(r.success).toBe(false)
    if (!r.success) expect(describeIssues(r.error.issues).message).toBe('提交的内容有误，请检查后重试')
  })

  it('reject NoSQL operators where a value is expected', () => {
    expect(schema.safeParse({ title: { $ne: null }, count: 1 }).success).toBe(false)
  })
})
