import { Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROTATING_CODE_PAYLOAD_PREFIX } from '@common/rules/rotating-code'
import Button from '../Button'

export interface CodeInputProps {
  value: string
  onChange: (value: string) => void
  className: string
  placeholder: string
  /** The scan button's label (shown in WeChat only; H5 has no camera scan). */
  scanLabel: string
}

/**
 * A rotating code (动态码) as the user presents it: typed as 6 digits, or — in WeChat — scanned from the QR code on
 * the screen, which fills in the signed payload (`xzrc1.…`) instead. The server accepts either form.
 */
export default function CodeInput({ value, onChange, className, placeholder, scanLabel }: CodeInputProps) {
  const scanned = value.startsWith(ROTATING_CODE_PAYLOAD_PREFIX)
  async function scan() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      onChange(res.result)
    } catch {
      // cancelled
    }
  }
  return (
    <>
      <Input
        className={className}
        aria-label="签到码"
        type={scanned ? 'text' : 'number'}
        maxlength={scanned ? 120 : 7}
        value={value}
        placeholder={placeholder}
        onInput={(e) => onChange(e.detail.value)}
      />
      {process.env.TARO_ENV === 'weapp' ? <Button onClick={scan}>{scanLabel}</Button> : null}
    </>
  )
}
