import { act, renderHook } from '@testing-library/react'
import { networkError } from '../../src/api/transport'
import { SAVED_OFFLINE_MESSAGE, useDraftForm } from '../../src/api/draft'
import { resetTaroMock } from '../mocks/taro'

interface VisitForm {
  household: string
  notes: string
}
const empty: VisitForm = { household: '', notes: '' }

afterEach(() => resetTaroMock())

describe('useDraftForm: a form survives a dropped network and is sent once', () => {
  it('keeps what was typed across a closed page', () => {
    const first = renderHook(() => useDraftForm('visit', empty))
    act(() => first.result.current.update({ household: '3组 王家', notes: '屋顶漏雨' }))
    first.unmount()
    const again = renderHook(() => useDraftForm('visit', empty))
    expect(again.result.current.value).toEqual({ household: '3组 王家', notes: '屋顶漏雨' })
    expect(again.result.current.restored).toBe(true)
  })

  it('on a network failure keeps the form, says it is saved, and resends with the same request id', async () => {
    const sent: string[] = []
    const { result } = renderHook(() => useDraftForm('visit', empty))
    act(() => result.current.update({ notes: '需要低保政策咨询' }))

    await act(async () => {
      await result.current.submit(async (_value, requestId) => {
        sent.push(requestId)
        return networkError()
      })
    })
    expect(result.current.error?.message).toBe(SAVED_OFFLINE_MESSAGE)
    expect(result.current.value.notes).toBe('需要低保政策咨询')

    let answer: { id: string } | undefined
    await act(async () => {
      answer = await result.current.submit(async (_value, requestId) => {
        sent.push(requestId)
        return { ok: true as const, data: { id: 'visit-1' } }
      })
    })
    expect(answer).toEqual({ id: 'visit-1' })
    expect(sent).toHaveLength(2)
    expect(sent[0]).toBe(sent[1])
    expect(sent[0]).toMatch(/^[0-9a-f]{32}$/)
    // Sent: the form is fresh, with a new request id for the next submission.
    expect(result.current.value).toEqual(empty)
    expect(result.current.error).toBeUndefined()
    const next = renderHook(() => useDraftForm('visit', empty))
    expect(next.result.current.restored).toBe(false)
  })

  it('after a dropped reply, an edited form is sent with a new request id; unchanged content keeps its id', async () => {
    const sent: { requestId: string; notes: string }[] = []
    const { result } = renderHook(() => useDraftForm('visit', empty))
    act(() => result.current.update({ notes: '当场办结' }))
    const dropped = async (value: VisitForm, requestId: string) => {
      sent.push({ requestId, notes: value.notes })
      return networkError()
    }
    await act(async () => {
      await result.current.submit(dropped)
    })
    // Same value typed again: still the same content, the same id.
    act(() => result.current.update({ notes: '当场办结' }))
    await act(async () => {
      await result.current.submit(dropped)
    })
    act(() => result.current.update({ notes: '需后续办理' }))
    await act(async () => {
      await result.current.submit(async (value, requestId) => {
        sent.push({ requestId, notes: value.notes })
        return { ok: true as const, data: {} }
      })
    })
    expect(sent.map((s) => s.notes)).toEqual(['当场办结', '当场办结', '需后续办理'])
    expect(sent[1]!.requestId).toBe(sent[0]!.requestId)
    expect(sent[2]!.requestId).not.toBe(sent[0]!.requestId)
    expect(sent[2]!.requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('keeps the new request id of an edit across a closed page', async () => {
    const sent: string[] = []
    const first = renderHook(() => useDraftForm('visit', empty))
    act(() => first.result.current.update({ notes: '甲' }))
    await act(async () => {
      await first.result.current.submit(async (_v, requestId) => {
        sent.push(requestId)
        return networkError()
      })
    })
    act(() => first.result.current.update({ notes: '乙' }))
    first.unmount()
    const again = renderHook(() => useDraftForm('visit', empty))
    await act(async () => {
      await again.result.current.submit(async (_v, requestId) => {
        sent.push(requestId)
        return { ok: true as const, data: {} }
      })
    })
    expect(sent).toHaveLength(2)
    expect(sent[1]).not.toBe(sent[0])
  })

  it('shows a server refusal as the server said it, keeping the form to correct', async () => {
    const { result } = renderHook(() => useDraftForm('visit', empty))
    act(() => result.current.update({ household: 'x' }))
    await act(async () => {
      await result.current.submit(async () => ({
        ok: false as const,
        error: { code: 'INVALID_ARGUMENT' as const, message: '请选择走访的户' },
      }))
    })
    expect(result.current.error?.message).toBe('请选择走访的户')
    expect(result.current.value.household).toBe('x')
  })
})
