import { Button as TaroButton } from '@tarojs/components'
import type { ButtonProps } from '@tarojs/components/types/Button'

export type { ButtonProps }

/**
 * Taro's Button, to be used everywhere instead of it. In the H5 build Taro's Button is the web component
 * `taro-button-core`, and React 18 writes a boolean prop on a custom element as an attribute text: `disabled={false}`
 * becomes `disabled="false"`, which Taro's CSS (`taro-button-core[disabled]`, `[loading]`, `[plain]`) draws as
 * disabled, loading or plain — while the tap still goes through. A false flag is therefore not passed at all.
 * Pages must still refuse a tap themselves when a disabled button is tapped (H5 lets it through).
 */
export default function Button({ disabled, loading, plain, ...rest }: ButtonProps) {
  return (
    <TaroButton {...rest} disabled={disabled || undefined} loading={loading || undefined} plain={plain || undefined} />
  )
}
