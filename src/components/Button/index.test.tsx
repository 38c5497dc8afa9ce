import { fireEvent, render } from '@testing-library/react'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createElement, type ReactNode } from 'react'

/**
 * Taro's H5 Button as @tarojs/components/lib/react builds it (createReactComponent): strings, booleans and numbers
 * are passed to React as attributes of the `taro-button-core` custom element — so React 18 writes
 * `disabled={false}` as disabled="false".
 */
jest.mock('@tarojs/components', () => ({
  Button: ({ children, className, onClick, ...props }: Record<string, unknown> & { children?: ReactNode }) => {
    const attrs: Record<string, unknown> = { class: className, onClick }
    for (const [name, value] of Object.entries(props))
      if (['string', 'boolean', 'number'].includes(typeof value)) attrs[name] = value
    return createElement('taro-button-core', attrs, children)
  },
}))

import { Button as TaroButton } from '@tarojs/components'
import Button from '.'

const buttonIn = (container: HTMLElement) => container.querySelector('taro-button-core')!

describe('Button (H5 boolean attributes)', () => {
  it('Taro’s own Button renders disabled={false} as a disabled attribute: the bug this wrapper exists for', () => {
    const { container } = render(<TaroButton disabled={false}>签到</TaroButton>)
    expect(buttonIn(container).getAttribute('disabled')).toBe('false')
  })

  it('a button that is not disabled, not loading, not plain has none of those attributes, and taps go through', () => {
    const onClick = jest.fn()
    const { container } = render(
      <Button type="primary" disabled={false} loading={false} plain={false} onClick={onClick}>
        签到
      </Button>,
    )
    const button = buttonIn(container)
    expect(button.hasAttribute('disabled')).toBe(false)
    expect(button.hasAttribute('loading')).toBe(false)
    expect(button.hasAttribute('plain')).toBe(false)
    expect(button.getAttribute('type')).toBe('primary')
    expect(button.textContent).toBe('签到')
    fireEvent.click(button)
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('a disabled, loading button has the attributes, and loses them when it is enabled again', () => {
    const { container, rerender } = render(
      <Button disabled loading>
        提交
      </Button>,
    )
    expect(buttonIn(container).hasAttribute('disabled')).toBe(true)
    expect(buttonIn(container).hasAttribute('loading')).toBe(true)
    rerender(
      <Button disabled={false} loading={false}>
        提交
      </Button>,
    )
    expect(buttonIn(container).hasAttribute('disabled')).toBe(false)
    expect(buttonIn(container).hasAttribute('loading')).toBe(false)
  })

  it('no page takes Button straight from @tarojs/components', () => {
    const src = path.join(__dirname, '..', '..')
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        const rel = path.relative(src, file)
        // This wrapper itself; src/packages/stars is maintained separately and passes no boolean flags.
        if (rel === path.join('components', 'Button') || rel === path.join('packages', 'stars')) continue
        if (entry.isDirectory()) walk(file)
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          const text = readFileSync(file, 'utf8')
          const imported = /import\s*\{([^}]*)\}\s*from\s*'@tarojs\/components'/.exec(text)?.[1] ?? ''
          if (/\bButton\b/.test(imported)) offenders.push(rel)
        }
      }
    }
    walk(src)
    expect(offenders).toEqual([])
  })
})
