/**
 * Taro components as plain DOM elements, so pages render in jsdom for @testing-library/react. Only what the
 * pages use; Taro's own H5 components are web components that jsdom cannot run.
 */
import { createElement, type ReactNode } from 'react'

type Props = Record<string, unknown> & {
  children?: ReactNode
  className?: string
  onClick?: () => void
  style?: Record<string, string>
}

function element(tag: string) {
  return function TaroComponent({ children, className, onClick, style, hoverClass: _hoverClass, ...rest }: Props) {
    const dom: Record<string, unknown> = { className, onClick, style }
    for (const [key, value] of Object.entries(rest)) {
      if (key === 'aria-role') dom.role = value
      else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'id' || key === 'src') dom[key] = value
    }
    return createElement(tag, dom, children)
  }
}

export const View = element('div')
export const Text = element('span')
export const Button = element('button')
export const Image = element('img')
export const ScrollView = element('div')

/** Taro's Input calls onInput with { detail: { value } }. */
export function Input({
  value,
  onInput,
  placeholder,
  className,
  type,
  maxlength,
  ...rest
}: Props & {
  value?: string
  onInput?: (e: { detail: { value: string } }) => void
  placeholder?: string
  type?: string
  maxlength?: number
}) {
  const dom: Record<string, unknown> = {
    className,
    value: value ?? '',
    placeholder,
    type: type === 'number' || type === 'digit' ? 'text' : type,
    maxLength: maxlength,
  }
  for (const [key, v] of Object.entries(rest))
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'id' || key === 'disabled') dom[key] = v
  dom.onChange = (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } })
  return createElement('input', dom)
}

/** Taro's Textarea calls onInput with { detail: { value } }, like Input. */
export function Textarea({
  value,
  onInput,
  placeholder,
  className,
  maxlength,
  ...rest
}: Props & {
  value?: string
  onInput?: (e: { detail: { value: string } }) => void
  placeholder?: string
  maxlength?: number
}) {
  const dom: Record<string, unknown> = { className, value: value ?? '', placeholder, maxLength: maxlength }
  for (const [key, v] of Object.entries(rest))
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'id') dom[key] = v
  dom.onChange = (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } })
  return createElement('textarea', dom)
}

/** Taro's Switch calls onChange with { detail: { value: checked } }. */
export function Switch({
  checked,
  onChange,
  className,
  ...rest
}: Props & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) {
  const dom: Record<string, unknown> = { className, type: 'checkbox', role: 'switch', checked: Boolean(checked) }
  for (const [key, v] of Object.entries(rest))
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'id') dom[key] = v
  dom.onChange = (e: { target: { checked: boolean } }) => onChange?.({ detail: { value: e.target.checked } })
  return createElement('input', dom)
}

/**
 * Taro's Picker: its children open it. Mode selector: a <select>, calling onChange with { detail: { value: index } };
 * modes time and date: an <input> taking "HH:mm" / "YYYY-MM-DD", calling onChange with { detail: { value } }.
 */
export function Picker({
  range,
  value,
  onChange,
  children,
  className,
  mode,
  ...rest
}: Props & {
  mode?: string
  range?: unknown[]
  value?: number | string
  onChange?: (e: { detail: { value: number | string } }) => void
}) {
  if (mode === 'time' || mode === 'date') {
    const input: Record<string, unknown> = {
      type: 'text',
      'data-mode': mode,
      value: String(value ?? ''),
      onChange: (e: { target: { value: string } }) => onChange?.({ detail: { value: e.target.value } }),
    }
    for (const [key, v] of Object.entries(rest)) if (key.startsWith('aria-') || key === 'id') input[key] = v
    return createElement('div', { className }, children, createElement('input', input))
  }
  const select: Record<string, unknown> = {
    value: String(value ?? 0),
    onChange: (e: { target: { value: string } }) => onChange?.({ detail: { value: Number(e.target.value) } }),
  }
  for (const [key, v] of Object.entries(rest)) if (key.startsWith('aria-') || key === 'id') select[key] = v
  const options = (range ?? []).map((r, i) => createElement('option', { key: i, value: String(i) }, String(r)))
  return createElement('div', { className }, children, createElement('select', select, options))
}
