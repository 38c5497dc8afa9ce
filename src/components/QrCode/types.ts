export interface QrCodeProps {
  /** The text to encode (UTF-8, byte mode, level M). */
  value: string
  /** The smallest side in CSS px, quiet zone included; the drawn side is the next whole number of px per module. */
  size?: number
  /** What a screen reader says. */
  label?: string
}
