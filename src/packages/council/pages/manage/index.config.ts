export default definePageConfig({ navigationBarTitleText: '理事会与标准' })
