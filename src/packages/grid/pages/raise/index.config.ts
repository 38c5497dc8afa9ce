export default definePageConfig({ navigationBarTitleText: '提诉求' })
