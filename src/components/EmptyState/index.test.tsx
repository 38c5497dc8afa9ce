import { render, screen } from '@testing-library/react'
import EmptyState from '.'

describe('EmptyState', () => {
  it('shows the title and the description', () => {
    render(<EmptyState title="三会一课" description="即将开放" />)
    expect(screen.getByRole('status').textContent).toBe('三会一课即将开放')
  })

  it('omits the description when there is none', () => {
    const { container } = render(<EmptyState title="值班坐班" />)
    expect(container.querySelectorAll('span')).toHaveLength(1)
  })
})
