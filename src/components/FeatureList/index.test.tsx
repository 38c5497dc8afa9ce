import { fireEvent, render, screen } from '@testing-library/react'
import FeatureList from '.'
import { FEATURE_AREAS } from '@/features'

describe('FeatureList', () => {
  it('lists every area and opens the one tapped', () => {
    const onOpen = jest.fn()
    render(<FeatureList areas={FEATURE_AREAS} onOpen={onOpen} />)
    for (const area of FEATURE_AREAS) expect(screen.getByText(area.title)).toBeTruthy()
    fireEvent.click(screen.getByText('四议两公开'))
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ key: 'deliberation' }))
  })
})
