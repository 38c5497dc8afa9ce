export default definePageConfig({ navigationBarTitleText: '红白理事会汇总' })
