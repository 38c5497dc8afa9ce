export default definePageConfig({ navigationBarTitleText: '理事会台账' })
