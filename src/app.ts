import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { preloadSubscribeTemplates } from './state/subscribe'
import './app.css'

// Taro's web components and the H5 tab bar need selectors the mini-program's WXSS does not accept; the weapp build
// drops this branch (and the file) at build time.
if (process.env.TARO_ENV === 'h5') require('./styles/platform.h5.css') // eslint-disable-line @typescript-eslint/no-require-imports

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // The CloudBase environment comes from TARO_APP_CLOUD_ENV (.env.production); without it the SDK uses the
      // default environment of the AppID opened in WeChat DevTools.
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true })
      void preloadSubscribeTemplates()
    }
  })
  return children
}

export default App
