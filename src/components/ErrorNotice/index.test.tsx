import { fireEvent, render, screen } from '@testing-library/react'
import ErrorNotice from '.'

describe('ErrorNotice', () => {
  it('shows the message and a retry button for a retryable error', () => {
    const onRetry = jest.fn()
    render(
      <ErrorNotice
        error={{ code: 'NETWORK', message: '网络不稳定，请检查网络后重试', retryable: true }}
        onRetry={onRetry}
      />,
    )
    expect(screen.getByRole('alert').textContent).toContain('网络不稳定')
    fireEvent.click(screen.getByText('重试'))
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('offers no retry for an error that a retry cannot fix', () => {
    render(<ErrorNotice error={{ code: 'FORBIDDEN', message: '您没有权限进行此操作' }} onRetry={() => undefined} />)
    expect(screen.getByRole('alert').textContent).toContain('没有权限')
    expect(screen.queryByText('重试')).toBeNull()
  })
})

describe('ErrorNotice for a visitor who is not bound', () => {
  it('shows the way forward (how to get an invitation, where to enter it) instead of a dead end', () => {
    render(<ErrorNotice error={{ code: 'UNAUTHENTICATED', message: '请先绑定身份后再使用此功能' }} />)
    expect(screen.getByText('请先绑定身份后再使用此功能')).toBeTruthy()
    expect(screen.getByText(/带上身份证/)).toBeTruthy()
    expect(screen.getByText('我有邀请码，去输入')).toBeTruthy()
  })
})
