export default definePageConfig({ navigationBarTitleText: '红白事报备' })
