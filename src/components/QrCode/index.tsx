import { Text, View } from '@tarojs/components'
import { useMemo } from 'react'
import { darkRuns, encodeQr } from './encode'
import type { QrCodeProps } from './types'
import './index.css'

export type { QrCodeProps }

/** Light modules around the symbol, as the standard requires. */
export const QUIET_ZONE_MODULES = 4
/** Scannable from arm's length on a centre's phone or pad. */
export const DEFAULT_QR_SIZE = 264

const px = (n: number) => `${n}px`

/**
 * A QR code drawn with Views, black on white: one View per row, one per run of dark modules in it (placed by
 * margin-left), so weapp and H5 render it the same without Canvas. Whole px per module keep the edges sharp.
 */
export default function QrCode({ value, size = DEFAULT_QR_SIZE, label = '二维码' }: QrCodeProps) {
  const qr = useMemo(() => {
    try {
      return encodeQr(value)
    } catch {
      return undefined
    }
  }, [value])
  if (!qr) return <Text className="xz-qr__error">二维码无法显示，请使用数字码</Text>
  const side = qr.size + 2 * QUIET_ZONE_MODULES
  const modulePx = Math.max(2, Math.ceil(size / side))
  return (
    <View
      className="xz-qr"
      aria-role="img"
      aria-label={label}
      style={{
        width: px(side * modulePx),
        padding: px(QUIET_ZONE_MODULES * modulePx),
        boxSizing: 'border-box',
        backgroundColor: '#fff',
      }}
    >
      {qr.modules.map((row, y) => {
        let end = 0
        return (
          <View key={y} className="xz-qr__row" style={{ height: px(modulePx) }}>
            {darkRuns(row).map(([start, length]) => {
              const gap = start - end
              end = start + length
              return (
                <View
                  key={start}
                  className="xz-qr__run"
                  style={{
                    marginLeft: px(gap * modulePx),
                    width: px(length * modulePx),
                    height: px(modulePx),
                    backgroundColor: '#000',
                  }}
                />
              )
            })}
          </View>
        )
      })}
    </View>
  )
}
