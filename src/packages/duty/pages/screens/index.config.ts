export default definePageConfig({ navigationBarTitleText: '值班屏设备' })
